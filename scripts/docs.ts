/**
 * `npm run docs`: the reference documentation, written to docs-build/ (git-ignored):
 * one Redoc HTML page per root document of spec/ (`redocly build-docs`), the TypeDoc API
 * reference of both package entries (typedoc.json → docs-build/api/), and an index page.
 *
 *   tsx scripts/docs.ts
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { projectRoot } from "./lib/bundle-spec.js";

const run = promisify(execFile);
const OUT = join(projectRoot, "docs-build");
const bin = (name: string): string => join(projectRoot, "node_modules", ".bin", name);

/** The root documents and the title of each page. */
const specs = [
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

function indexPage(): string {
  const links = [
    ...specs.map((spec) => `<li><a href="${spec.name}.html">${spec.title}</a> (HTTP reference, from spec/${spec.name}.yaml)</li>`),
    `<li><a href="api/index.html">atlas-admin-client</a> (TypeScript API reference)</li>`,
  ];
  return `<!doctype html>\n<meta charset="utf-8">\n<title>atlas-admin-client documentation</title>\n<h1>atlas-admin-client documentation</h1>\n<ul>\n${links.join("\n")}\n</ul>\n`;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  for (const spec of specs) {
    const output = join(OUT, `${spec.name}.html`);
    await step(`docs-build/${spec.name}.html`, bin("redocly"), ["build-docs", `spec/${spec.name}.yaml`, "--output", output, "--title", spec.title]);
  }
  await step("docs-build/api/", bin("typedoc"), ["--options", "typedoc.json"]);
  await writeFile(join(OUT, "index.html"), indexPage());
  console.log(`docs written to ${OUT}/index.html`);
}

await main();
