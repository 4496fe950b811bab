/**
 * Benchmark: bulk creates under an Atlas-shaped token bucket. 60 team creates against a
 * bucket of 10 refilled by 10 every second, and 30 against the slow shape of Atlas's
 * create-organization set (10, refilled by 5 every 60 s) with the period scaled to 2 s; at
 * 1, 4 and all-at-once concurrent calls, and split over 2 processes sharing the bucket.
 * This client, the same with pacing off (its retries only), and bare openapi-fetch.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { startMockServer, type MockServer } from "../src/mock/server.js";
import type { BenchResult } from "./bench-result.js";
import { bulkCreate, type BulkClient, type BulkTarget } from "./bulk-create.js";
import { markdownTable } from "./markdown-table.js";

interface Shape {
  readonly label: string;
  readonly calls: number;
  readonly capacity: number;
  readonly refillRate: number;
  readonly refillDurationSeconds: number;
}

const SHAPES: readonly Shape[] = [
  { label: "10, +10 every 1 s", calls: 60, capacity: 10, refillRate: 10, refillDurationSeconds: 1 },
  { label: "10, +5 every 2 s (60 s scaled)", calls: 30, capacity: 10, refillRate: 5, refillDurationSeconds: 2 },
];
const CLIENTS: readonly BulkClient[] = ["paced", "paced, preload", "retries only", "bare openapi-fetch"];
/** Concurrent calls in one process, or `2 processes` (each starts its half at once). */
const RUNS = [1, 4, "all", "2 processes"] as const;

/** The theoretical minimum: the calls beyond the capacity at the refill rate. */
function minimumMs(shape: Shape): number {
  return ((shape.calls - shape.capacity) / shape.refillRate) * shape.refillDurationSeconds * 1000;
}

async function inChildren(kind: BulkClient, target: BulkTarget, calls: number): Promise<{ failed: number; wallMs: number }> {
  const script = fileURLToPath(new URL("bulk-create-worker.ts", import.meta.url));
  const children = [0, 1].map((n) => spawn(process.execPath, ["--import", "tsx", script, kind, JSON.stringify(target), String(calls / 2), String(calls / 2), `p${n}`], { stdio: ["pipe", "pipe", "inherit"] }));
  const outputs = children.map((child) => createInterface({ input: child.stdout }));
  await Promise.all(outputs.map((lines) => once(lines, "line")));
  const started = performance.now();
  for (const child of children) child.stdin.write("go\n");
  const results = await Promise.all(outputs.map(async (lines) => JSON.parse(((await once(lines, "line")) as [string])[0]) as { failed: number }));
  const wallMs = performance.now() - started;
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, "exit") : undefined)));
  return { failed: results.reduce((sum, result) => sum + result.failed, 0), wallMs };
}

async function inProcess(kind: BulkClient, target: BulkTarget, calls: number, concurrency: number): Promise<{ failed: number; wallMs: number }> {
  let started = 0;
  const failed = await bulkCreate(kind, target, calls, concurrency, "t", async () => {
    started = performance.now();
  });
  return { failed, wallMs: performance.now() - started };
}

async function measureShape(shape: Shape, rows: (string | number)[][], notes: string[]): Promise<void> {
  const { label, calls, ...limits } = shape;
  const set = { id: "createOrgTeam_organization", scope: "ORGANIZATION" as const, endpoints: [{ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/teams" }], ...limits };
  const server: MockServer = await startMockServer({ rateLimits: { sets: [set] }, tokenRateLimit: false });
  const { orgId, serviceAccount } = server.credentials;
  const target: BulkTarget = { url: server.url, orgId, clientId: serviceAccount.clientId, clientSecret: serviceAccount.clientSecret };
  const minimum = minimumMs(shape);
  try {
    for (const kind of CLIENTS) {
      for (const run of RUNS) {
        server.reset();
        const concurrency = run === "all" ? calls : run === "2 processes" ? calls / 2 : run;
        const { failed, wallMs } = run === "2 processes" ? await inChildren(kind, target, calls) : await inProcess(kind, target, calls, concurrency);
        const refused = server.state.requests.filter((request) => request.status === 429).length;
        const ok = server.state.requests.filter((request) => request.method === "POST" && request.url.endsWith("/teams") && request.status === 200).length;
        if (ok !== calls - failed) throw new Error(`${kind}, ${run}: ${ok} teams created for ${calls - failed} calls that succeeded`);
        const ratio = wallMs / minimum;
        const where = run === "2 processes" ? `2 processes × ${calls / 2} at once` : `${concurrency} at once`;
        rows.push([label, kind, where, calls, failed, `${refused} (${Math.round((refused / calls) * 100)} %)`, `${(wallMs / 1000).toFixed(2)} s`, ratio.toFixed(2)]);
        if (kind.startsWith("paced")) {
          const goal = run === "2 processes" ? 1.25 : 1.15;
          const met = failed === 0 && refused <= calls / 10 && ratio <= goal;
          notes.push(`${kind}, ${label}, ${where}: ${failed} failed, ${refused} 429s, ${ratio.toFixed(2)}× the minimum (goal 0, ≤ ${calls / 10}, ≤ ${goal}): ${met ? "met" : "MISSED"}`);
        }
      }
    }
  } finally {
    await server.close();
  }
}

/** Runs every shape, client and concurrency against one mock server per shape. */
export async function rateLimits(): Promise<BenchResult> {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const shape of SHAPES) await measureShape(shape, rows, notes);
  notes.push(
    "minimum = (calls − capacity) ÷ refill rate: 5 s for the first bucket, 8 s for the second; wall time from the first call to the last answer (child processes are started and their clients built before the clock starts).",
    "the mock refills a bucket at the end of every period counted from its first call and sends `Retry-After` in whole seconds, as Atlas does; each client authenticates with a service account (one token).",
    "paced = this client as it comes; paced, preload = with `rateLimit: { preload: true }` (one `listRateLimits` call first, so no 429 is needed to learn the refill); retries only = `rateLimit: false` (3 retries honouring `Retry-After`); bare openapi-fetch sends each call once.",
    "each team create that succeeded was made exactly once (checked against the mock's log).",
  );
  return {
    title: "Rate limits (bulk creates under a token bucket)",
    goal: "0 calls failed at any concurrency from 1 or 2 processes; 429s on the wire ≤ 10 % of the calls; wall time ≤ 1.15× the minimum from one process, ≤ 1.25× from two",
    table: markdownTable(["bucket", "client", "calls at once", "calls", "failed", "429s on the wire", "wall", "÷ minimum"], rows),
    notes,
  };
}
