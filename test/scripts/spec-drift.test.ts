import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { DriftReport } from "../../scripts/lib/drift/drift-finding.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/drift");
const spawnDrift = (...args: string[]) =>
  spawnSync(join(ROOT, "node_modules/.bin/tsx"), ["scripts/spec-drift.ts", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });

describe("npm run spec:drift, spawned as a maintainer runs it", () => {
  it("prints the JSON report on stdout and exits 1 on drift", () => {
    const run = spawnDrift("--json", "--ours", join(FIXTURES, "ours.yaml"), join(FIXTURES, "official.yaml"));
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as DriftReport;
    expect(report.official.title).toBe("Things (official)");
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it("exits 2 with a one-line reason and no stack trace for a file that is not there", () => {
    const run = spawnDrift(join(FIXTURES, "missing.yaml"));
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")[0]).toBe(`spec:drift: ${join(FIXTURES, "missing.yaml")}: cannot read it (no such file)`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
