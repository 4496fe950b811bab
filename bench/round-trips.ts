/**
 * Benchmark 1: how many HTTP requests N authenticated calls cost, for this client, for
 * `digest-fetch` and for the official Go SDK's pattern (a fresh challenge per call).
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import DigestClient from "digest-fetch";
import { createAtlasClient, digestAuth } from "../src/index.js";
import { buildDigestAuthorization } from "../src/auth/digest-authorization.js";
import { parseDigestChallenges, selectDigestChallenge } from "../src/auth/digest-challenge.js";
import type { BenchResult } from "./bench-result.js";
import { markdownTable } from "./markdown-table.js";
import { startDigestServer, type DigestServer } from "./start-digest-server.js";

/** One authenticated `GET /api/atlas/v2/orgs`; resolves to the final status, or rejects. */
type Call = () => Promise<number>;

/** A client under test: `create` builds a fresh (cold) one per scenario. */
interface Peer {
  readonly name: string;
  readonly create: (baseUrl: string) => Call;
}

const PUBLIC_KEY = "benchpub";
const PRIVATE_KEY = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const PATH = "/api/atlas/v2/orgs";
const SEQUENTIAL = 200;
const CONCURRENT = 50;

const peers: readonly Peer[] = [
  {
    name: "atlas-admin-client",
    create: (baseUrl) => {
      const client = createAtlasClient({ baseUrl, auth: digestAuth({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }), retry: false });
      return async () => (await client.GET(PATH)).response.status;
    },
  },
  {
    name: "digest-fetch 3.1.1",
    create: (baseUrl) => {
      const client = new DigestClient(PUBLIC_KEY, PRIVATE_KEY);
      return async () => {
        const response = (await client.fetch(baseUrl + PATH, { headers: { Accept: "application/json" } })) as Response;
        await response.arrayBuffer();
        return response.status;
      };
    },
  },
  { name: "Go SDK pattern (simulated)", create: (baseUrl) => () => challengeEveryCall(baseUrl + PATH) },
];

/**
 * What mongodb-forks/digest does for the official Go SDK: every call sends the request
 * without credentials, reads the 401's challenge, and sends it again signed with `nc=1`.
 */
async function challengeEveryCall(url: string): Promise<number> {
  const first = await fetch(url, { headers: { Accept: "application/json" } });
  await first.arrayBuffer();
  if (first.status !== 401) return first.status;
  const challenge = selectDigestChallenge(parseDigestChallenges(first.headers.get("www-authenticate") ?? ""));
  const authorization = buildDigestAuthorization({
    challenge,
    username: PUBLIC_KEY,
    password: PRIVATE_KEY,
    method: "GET",
    uri: PATH,
    nc: 1,
    cnonce: randomBytes(16).toString("hex"),
  });
  const signed = await fetch(url, { headers: { Accept: "application/json", Authorization: authorization } });
  await signed.arrayBuffer();
  return signed.status;
}

/** How one scenario went for one peer. */
interface Outcome {
  readonly requests: number;
  readonly repeatedNc: number;
  readonly errors: string[];
}

/** How calls are issued: one after another, all at once from cold, or all at once after one call. */
type Mode = "sequential" | "concurrent" | "warm concurrent";

async function measure(server: DigestServer, call: Call, calls: number, mode: Mode): Promise<Outcome> {
  server.reset();
  const errors: string[] = [];
  const settle = async (): Promise<void> => {
    try {
      const status = await call();
      if (status !== 200) errors.push(`HTTP ${status}`);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  };
  if (mode === "sequential") {
    for (let i = 0; i < calls; i++) await settle();
  } else {
    if (mode === "warm concurrent") {
      await settle();
      server.zeroCounts();
    }
    await Promise.all(Array.from({ length: calls }, settle));
  }
  return { requests: server.counts.requests, repeatedNc: server.counts.repeatedNc, errors };
}

function describeErrors(errors: readonly string[]): string {
  if (errors.length === 0) return "0";
  const kinds = new Map<string, number>();
  for (const error of errors) kinds.set(error, (kinds.get(error) ?? 0) + 1);
  return `${errors.length} (${[...kinds].map(([kind, n]) => `${n}× ${kind}`).join(", ")})`;
}

/** Runs every peer through both scenarios against one loopback digest server. */
export async function roundTrips(): Promise<BenchResult> {
  const server = await startDigestServer(PUBLIC_KEY, PRIVATE_KEY);
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    for (const [label, calls, goal] of [
      ["sequential", SEQUENTIAL, SEQUENTIAL + 1],
      ["concurrent", CONCURRENT, Math.floor(1.1 * CONCURRENT)],
      ["warm concurrent", CONCURRENT, Math.floor(1.1 * CONCURRENT)],
    ] as const) {
      for (const peer of peers) {
        const outcome = await measure(server, peer.create(server.url), calls, label);
        const perCall = (outcome.requests / calls).toFixed(2);
        rows.push([peer.name, `${calls} ${label}`, outcome.requests, perCall, outcome.repeatedNc, describeErrors(outcome.errors)]);
        if (peer.name === "atlas-admin-client") {
          const met = outcome.requests <= goal && outcome.errors.length === 0;
          notes.push(`${label}: ${outcome.requests} requests for ${calls} calls, goal ≤ ${goal}: ${met ? "met" : "MISSED"}`);
        }
      }
    }
  } finally {
    await server.close();
  }
  notes.push(
    "cold = a new client per scenario; warm concurrent = one call first (not counted), then the concurrent calls.",
    "repeated nc = accepted requests that reused a (nonce, nc) pair already seen; the server does not enforce nc order, a strict one (Apache `AuthDigestNcCheck On`) would refuse them.",
  );
  return {
    title: "Round trips (HTTP Digest)",
    goal: `N+1 requests for ${SEQUENTIAL} sequential calls, ≤ 1.1·N for ${CONCURRENT} concurrent calls`,
    table: markdownTable(["client", "calls", "HTTP requests", "per call", "repeated nc", "errors"], rows),
    notes,
  };
}
