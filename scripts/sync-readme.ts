/**
 * Puts the files of examples/ into the README's code blocks that name them
 * (`// examples/<file>` as the block's first line), so the README shows code that compiles,
 * and bench/results.md between the README's `<!-- bench:start -->` and `<!-- bench:end -->`.
 * Every examples/*.ts file must have its block: one deleted from the README is an error,
 * not a README that is merely shorter.
 *
 *   tsx scripts/sync-readme.ts          rewrite README.md
 *   tsx scripts/sync-readme.ts --check  exit 1 when README.md is out of step
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "./lib/bundle-spec.js";

const BLOCK = /```ts\n\/\/ (examples\/[\w.-]+\.ts)\n[\s\S]*?```/g;

const BENCH = /<!-- bench:start -->\n[\s\S]*?<!-- bench:end -->/;

/** The README with every example block and the benchmark figures refreshed from their files. */
export async function syncedReadme(readme: string): Promise<string> {
  const names = [...readme.matchAll(BLOCK)].map((m) => m[1] as string);
  const texts = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(projectRoot, name), "utf8")] as const)));
  const bench = (await readFile(join(projectRoot, "bench", "results.md"), "utf8")).trim();
  return readme
    .replace(BLOCK, (_, name: string) => `\`\`\`ts\n// ${name}\n${texts.get(name)}\`\`\``)
    .replace(BENCH, () => `<!-- bench:start -->\n${bench}\n<!-- bench:end -->`);
}

/** The examples/*.ts files that have no block in `readme` (a block deleted, or an example never shown). */
export async function missingExamples(readme: string): Promise<string[]> {
  const shown = new Set([...readme.matchAll(BLOCK)].map((m) => m[1]));
  const files = (await readdir(join(projectRoot, "examples"))).filter((name) => name.endsWith(".ts")).sort();
  return files.map((name) => `examples/${name}`).filter((name) => !shown.has(name));
}

/** Rewrites README.md in step with examples/ and bench/results.md; fails when an example has no block to go into. */
export async function syncReadme(): Promise<void> {
  const path = join(projectRoot, "README.md");
  const readme = await readFile(path, "utf8");
  const missing = await missingExamples(readme);
  if (missing.length > 0) throw new Error(`README.md has no block for ${missing.join(", ")}: add a \`\`\`ts block starting with // <file>`);
  await writeFile(path, await syncedReadme(readme));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const readme = await readFile(join(projectRoot, "README.md"), "utf8");
  if (!process.argv.includes("--check")) await syncReadme();
  else if ((await syncedReadme(readme)) !== readme || (await missingExamples(readme)).length > 0) {
    console.error("README.md is out of step with examples/ or bench/results.md: run `npx tsx scripts/sync-readme.ts`");
    process.exit(1);
  }
}
