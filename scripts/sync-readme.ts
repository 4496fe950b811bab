/**
 * Puts the files of examples/ into the README's code blocks that name them
 * (`// examples/<file>` as the block's first line), so the README shows code that compiles,
 * and bench/results.md between the README's `<!-- bench:start -->` and `<!-- bench:end -->`.
 *
 *   tsx scripts/sync-readme.ts          rewrite README.md
 *   tsx scripts/sync-readme.ts --check  exit 1 when README.md is out of step
 */
import { readFile, writeFile } from "node:fs/promises";
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

/** Rewrites README.md in step with examples/ and bench/results.md. */
export async function syncReadme(): Promise<void> {
  const path = join(projectRoot, "README.md");
  await writeFile(path, await syncedReadme(await readFile(path, "utf8")));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const readme = await readFile(join(projectRoot, "README.md"), "utf8");
  if (!process.argv.includes("--check")) await syncReadme();
  else if ((await syncedReadme(readme)) !== readme) {
    console.error("README.md is out of step with examples/ or bench/results.md: run `npx tsx scripts/sync-readme.ts`");
    process.exit(1);
  }
}
