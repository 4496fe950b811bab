/**
 * Benchmark 5: wall time of `npm run generate` (lint, bundle, openapi-typescript, table;
 * written to a temporary folder so generated/ is left alone) and of `tsc --noEmit --strict`
 * on the generated modules alone.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { BenchResult } from "./bench-result.js";
import { markdownTable } from "./markdown-table.js";

const run = promisify(execFile);
const RUNS = 3;

async function wallTimes(command: string, args: readonly string[]): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(command, args, { maxBuffer: 64 * 1024 * 1024 });
    times.push((performance.now() - started) / 1000);
  }
  return times.sort((a, b) => a - b);
}

const seconds = (times: readonly number[], index: number): string => `${(times[index] ?? Number.NaN).toFixed(2)} s`;

/** Times both commands {@link RUNS} times each. */
export async function toolchain(): Promise<BenchResult> {
  const out = await mkdtemp(join(tmpdir(), "atlas-bench-generate-"));
  try {
    const generateArgs = ["scripts/generate.ts", "--out", out];
    const generate = await wallTimes("node_modules/.bin/tsx", generateArgs);
    const modules = (await readdir("generated")).filter((name) => name.endsWith(".ts")).map((name) => join("generated", name));
    const tscArgs = ["--noEmit", "--strict", "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext", ...modules];
    const tsc = await wallTimes("node_modules/.bin/tsc", tscArgs);
    const row = (command: string, times: readonly number[]): string[] => [command, seconds(times, 1), seconds(times, 0), seconds(times, RUNS - 1)];
    return {
      title: "Toolchain",
      goal: "report the wall time of generating and of type-checking the generated types",
      table: markdownTable(
        ["command", `median of ${RUNS}`, "min", "max"],
        [row("`npm run generate` (as `tsx scripts/generate.ts --out <tmp>`)", generate), row(`\`tsc --noEmit --strict generated/*.ts\` (${modules.length} files)`, tsc)],
      ),
      notes: ["`npm run generate` includes `redocly lint`; the output went to a temporary folder. The type-check runs on the committed generated/ with target ES2022, NodeNext, no skipLibCheck."],
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
