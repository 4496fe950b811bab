/**
 * `npm ci` / `npm install` in a checkout run this (the `prepare` script): it links the
 * package's own bins into `node_modules/.bin`, which npm does for dependencies only, so
 * that `npx atlas-admin …` in the checkout runs this project's CLI (scripts/atlas-admin-dev.mjs)
 * and can never fall through to a registry package of that name.
 */
import { chmod, lstat, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const binDir = join(root, "node_modules", ".bin");

// `npm pack` and `npm publish` run `prepare` too; a package being packed links nothing.
if (process.env.npm_command !== "pack" && process.env.npm_command !== "publish") {
  const { bin } = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  await mkdir(binDir, { recursive: true });
  await chmod(join(root, "scripts", "atlas-admin-dev.mjs"), 0o755);
  for (const name of Object.keys(bin)) await link(name);
}

async function link(name) {
  const target = join(binDir, name);
  if (await lstat(target).catch(() => undefined)) await rm(target);
  if (process.platform === "win32") {
    await writeFile(`${target}.cmd`, `@node "%~dp0\\..\\..\\scripts\\atlas-admin-dev.mjs" %*\r\n`);
    return;
  }
  // Relative, so the link still points into this checkout when node_modules is shared.
  await symlink(join("..", "..", "scripts", "atlas-admin-dev.mjs"), target);
}
