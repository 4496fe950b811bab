/**
 * `npm run bench [-- name…]`: runs the benchmarks (all, or those named: round-trips,
 * token-requests, overhead, size, toolchain, rate-limits), prints each as a markdown table under the
 * command that produced it. A full run also writes the same text to bench/results.md and
 * into the README's Performance section (between the bench markers).
 */
import { writeFile } from "node:fs/promises";
import { arch, cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import { syncReadme } from "../scripts/sync-readme.js";
import type { BenchResult } from "./bench-result.js";
import { bundleSizes } from "./bundle-sizes.js";
import { overhead } from "./overhead.js";
import { rateLimits } from "./rate-limits.js";
import { roundTrips } from "./round-trips.js";
import { tokenRequests } from "./token-requests.js";
import { toolchain } from "./toolchain.js";

const benchmarks: Readonly<Record<string, () => Promise<BenchResult>>> = {
  "round-trips": roundTrips,
  "token-requests": tokenRequests,
  overhead,
  size: bundleSizes,
  toolchain,
  "rate-limits": rateLimits,
};

function render(result: BenchResult): string {
  return [`### ${result.title}`, "", `Goal: ${result.goal}.`, "", result.table, "", ...result.notes.map((note) => `- ${note}`), ""].join("\n");
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(benchmarks).join(", ")}`);
  const selected = names.length > 0 ? names : Object.keys(benchmarks);
  const command = `npm run bench${names.length > 0 ? ` -- ${names.join(" ")}` : ""}`;
  const machine = `Node ${process.versions.node}, ${platform()} ${arch()}, ${cpus()[0]?.model.trim() ?? "unknown CPU"} × ${cpus().length}`;
  const header = `Measured with \`${command}\` on ${new Date().toISOString().slice(0, 10)} (${machine}).\n`;
  process.stdout.write(`${header}\n`);
  const sections: string[] = [header];
  for (const name of selected) {
    const started = performance.now();
    const section = render(await (benchmarks[name] as () => Promise<BenchResult>)());
    process.stdout.write(`${section}\n`);
    process.stderr.write(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s)\n\n`);
    sections.push(section);
  }
  // Only a full run replaces the recorded figures; a partial one just prints.
  if (names.length > 0) return;
  const out = fileURLToPath(new URL("results.md", import.meta.url));
  await writeFile(out, sections.join("\n"));
  await syncReadme();
  process.stderr.write(`written to ${out} and README.md's Performance section\n`);
}

await main();
