/**
 * Puts the files of examples/ into the README's code blocks that name them
 * (`// examples/<file>` as the block's first line), so the README shows code that compiles.
 *
 *   tsx scripts/sync-readme.ts          rewrite README.md
 *   tsx scripts/sync-readme.ts --check  exit 1 when README.md is out of step
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./lib/bundle-spec.js";

const BLOCK = /```ts\n\/\/ (examples\/[\w.-]+\.ts)\n[\s\S]*?```/g;

/** The README with every example block refreshed from its file. */
export async function syncedReadme(readme: string): Promise<string> {
  const names = [...readme.matchAll(BLOCK)].map((m) => m[1] as string);
  const texts = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(projectRoot, name), "utf8")] as const)));
  return readme.replace(BLOCK, (_, name: string) => `\`\`\`ts\n// ${name}\n${texts.get(name)}\`\`\``);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const path = join(projectRoot, "README.md");
  const readme = await readFile(path, "utf8");
  const synced = await syncedReadme(readme);
  if (process.argv.includes("--check")) {
    if (synced !== readme) {
      console.error("README.md is out of step with examples/: run `npx tsx scripts/sync-readme.ts`");
      process.exit(1);
    }
  } else {
    await writeFile(path, synced);
  }
}
