/**
 * `npm run docs`: the reference documentation, written to docs-build/ (git-ignored; the
 * `DOCS_OUT` environment variable names another folder): one Redoc HTML page per root
 * document of spec/ (`redocly build-docs`, Redoc's script inlined so the pages work
 * offline), the TypeDoc API reference of the package entries (typedoc.json → api/), and
 * an index page.
 *
 *   tsx scripts/docs.ts
 */
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "./lib/bundle-spec.js";

const run = promisify(execFile);
const OUT = resolve(process.env.DOCS_OUT ?? join(projectRoot, "docs-build"));
const bin = (name: string): string => join(projectRoot, "node_modules", ".bin", name);

/** The root documents and the title of each page. */
export const DOC_PAGES = [
  { name: "atlas", title: "MongoDB Atlas Administration API (v2 and v1.0)" },
  { name: "cloud-manager", title: "Cloud Manager public API v1.0" },
  { name: "ops-manager", title: "Ops Manager public API v1.0" },
] as const;

async function step(label: string, command: string, args: readonly string[]): Promise<void> {
  const started = performance.now();
  try {
    const { stdout, stderr } = await run(command, args, { cwd: projectRoot, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
    // TypeDoc's warnings are worth seeing, not failing on.
    const warnings = `${stdout}${stderr}`.split("\n").filter((line) => line.includes("[warning]"));
    if (warnings.length > 0) process.stderr.write(`${warnings.join("\n")}\n`);
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${label} failed:\n${stdout}${stderr}`);
  }
  console.log(`${label} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}

/**
 * The README as TypeDoc's front page: without its own title, which TypeDoc already shows as
 * the page's heading, and without code spans in headings, which TypeDoc's sidebar drops
 * (leaving "The mock ()").
 */
async function typedocReadme(): Promise<string> {
  const readme = await readFile(join(projectRoot, "README.md"), "utf8");
  const path = join(OUT, "typedoc-readme.md");
  const body = readme
    .replace(/^# [^\n]*\n+/, "")
    .split("\n")
    .map((line) => (/^#{1,6} /.test(line) ? line.replaceAll("`", "") : line))
    .join("\n");
  await writeFile(path, body);
  return path;
}

function indexPage(): string {
  const links = [
    ...DOC_PAGES.map((spec) => `<li><a href="${spec.name}.html">${spec.title}</a> (HTTP reference, from spec/${spec.name}.yaml)</li>`),
    `<li><a href="api/index.html">atlas-admin-client</a> (TypeScript API reference)</li>`,
  ];
  return `<!doctype html>\n<meta charset="utf-8">\n<title>atlas-admin-client documentation</title>\n<h1>atlas-admin-client documentation</h1>\n<ul>\n${links.join("\n")}\n</ul>\n`;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  for (const spec of DOC_PAGES) {
    const output = join(OUT, `${spec.name}.html`);
    await step(`${spec.name}.html`, bin("redocly"), ["build-docs", `spec/${spec.name}.yaml`, "--output", output, "--title", spec.title, "--inlineBundle"]);
  }
  await step("api/", bin("typedoc"), ["--options", "typedoc.json", "--readme", await typedocReadme(), "--out", join(OUT, "api")]);
  await writeFile(join(OUT, "index.html"), indexPage());
  console.log(`docs written to ${OUT}/index.html`);
}

await main();
