/**
 * Benchmark 3: the client's CPU cost per call. 5,000 calls each through bare `fetch`, bare
 * openapi-fetch, and this client (retries and versions on, with Digest and with a service
 * account), against a loopback server in a child process so that only the client's CPU
 * is counted. Clients take turns in rounds so that drift (JIT, GC, CPU clock) hits all.
 *
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import type { paths } from "../generated/atlas.js";
import { createAtlasClient, digestAuth, serviceAccountAuth } from "../src/index.js";
import type { BenchResult } from "./bench-result.js";
import { markdownTable } from "./markdown-table.js";

const PATH = "/api/atlas/v2/orgs";
const CALLS = 5_000;
const ROUNDS = 10;
const WARMUP = 500;

/** One call; resolves when the body has been read. */
type Call = () => Promise<unknown>;

interface Peer {
  readonly label: string;
  readonly call: Call;
  /** CPU microseconds (user + system) of each measured call. */
  readonly cpu: number[];
  /** Wall microseconds of each measured call. */
  readonly wall: number[];
}

async function startServer(): Promise<{ child: ChildProcess; open: string; gated: string }> {
  const script = fileURLToPath(new URL("overhead-server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  return { child, ...(JSON.parse(line) as { open: string; gated: string }) };
}

function peersFor(open: string, gated: string): Peer[] {
  const bareFetch: Call = async () => (await fetch(open + PATH, { headers: { Accept: "application/json" } })).json();
  const openapiFetch = createClient<paths>({ baseUrl: open });
  const plain = createAtlasClient({ baseUrl: open });
  const digest = createAtlasClient({ baseUrl: gated, auth: digestAuth({ publicKey: "benchpub", privateKey: "bench-private-key" }) });
  const account = createAtlasClient({
    baseUrl: gated,
    auth: serviceAccountAuth({ clientId: "mdb_sa_id_bench", clientSecret: "mdb_sa_sk_bench" }),
  });
  const peer = (label: string, call: Call): Peer => ({ label, call, cpu: [], wall: [] });
  return [
    peer("(a) bare `fetch`", bareFetch),
    peer("(b) bare openapi-fetch 0.17.0", () => openapiFetch.GET(PATH)),
    peer("atlas-admin-client, no auth", () => plain.GET(PATH)),
    peer("(c) atlas-admin-client + digestAuth", () => digest.GET(PATH)),
    peer("(c′) atlas-admin-client + serviceAccountAuth", () => account.GET(PATH)),
  ];
}

async function measureCalls(peer: Peer, calls: number, record: boolean): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const wallBefore = performance.now();
    const cpuBefore = process.cpuUsage();
    await peer.call();
    const cpu = process.cpuUsage(cpuBefore);
    if (!record) continue;
    peer.cpu.push(cpu.user + cpu.system);
    peer.wall.push((performance.now() - wallBefore) * 1000);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const us = (value: number): string => `${value.toFixed(0)} µs`;

/** Runs all peers, interleaved, and reports median and mean CPU per call and the ratios. */
export async function overhead(): Promise<BenchResult> {
  const server = await startServer();
  try {
    const peers = peersFor(server.open, server.gated);
    for (const peer of peers) await measureCalls(peer, WARMUP, false);
    for (let round = 0; round < ROUNDS; round++) {
      for (const peer of peers) await measureCalls(peer, CALLS / ROUNDS, true);
    }
    return report(peers);
  } finally {
    server.child.stdin?.end();
    if (server.child.exitCode === null) await once(server.child, "exit");
  }
}

function report(peers: readonly Peer[]): BenchResult {
  const [a, b, plain, c] = peers.map((peer) => ({ median: median(peer.cpu), mean: mean(peer.cpu) }));
  if (!a || !b || !plain || !c) throw new Error("overhead: peers (a), (b), no auth and (c) are required");
  const rows = peers.map((peer) => {
    const cpuMedian = median(peer.cpu);
    return [
      peer.label,
      us(cpuMedian),
      us(mean(peer.cpu)),
      us(median(peer.wall)),
      (cpuMedian / a.median).toFixed(2),
      (cpuMedian / b.median).toFixed(2),
    ];
  });
  const cb = c.median / b.median;
  return {
    title: "Overhead per call",
    goal: "c/b ≤ 1.10 (median CPU per call of this client with auth, versions and retries, over bare openapi-fetch)",
    table: markdownTable(["client", "median CPU / call", "mean CPU / call", "median wall / call", "÷ (a)", "÷ (b)"], rows),
    notes: [
      `${CALLS} measured calls per client (after ${WARMUP} warm-up calls), \`GET ${PATH}\`, in ${ROUNDS} interleaved rounds; CPU = \`process.cpuUsage()\` user + system of this process per call; the server runs in a child process.`,
      `c/b = ${cb.toFixed(2)} (goal ≤ 1.10: ${cb <= 1.1 ? "met" : "MISSED"}); c/a = ${(c.median / a.median).toFixed(2)}; by mean CPU: c/b = ${(c.mean / b.mean).toFixed(2)}, c/a = ${(c.mean / a.mean).toFixed(2)}.`,
      `where (c) spends its extra ${us(c.median - b.median)} over (b): ${us(plain.median - b.median)} in the pipeline without auth (middleware, retry, timeout), ${us(c.median - plain.median)} in digest auth (median differences).`,
    ],
  };
}
