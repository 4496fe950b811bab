/**
 * Benchmark 2: how many token requests 100 concurrent first calls cost with
 * `serviceAccountAuth`, beside two patterns found in the wild: a token per call, and a
 * cache that concurrent callers all miss (each fetches its own token).
 *
 * @module
 */
import { createAtlasClient, serviceAccountAuth } from "../src/index.js";
import type { BenchResult } from "./bench-result.js";
import { markdownTable } from "./markdown-table.js";
import { startTokenServer, type TokenServer } from "./start-token-server.js";

/** One authenticated `GET /api/atlas/v2/orgs`; resolves to the final status. */
type Call = () => Promise<number>;

const CLIENT_ID = "mdb_sa_id_0123456789abcdef01234567";
const CLIENT_SECRET = "mdb_sa_sk_benchmark-secret";
const PATH = "/api/atlas/v2/orgs";
const CALLS = 100;

const ours = (baseUrl: string): Call => {
  const client = createAtlasClient({ baseUrl, auth: serviceAccountAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }), retry: false });
  return async () => (await client.GET(PATH)).response.status;
};

async function requestToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

async function callWith(baseUrl: string, token: string): Promise<number> {
  const response = await fetch(baseUrl + PATH, { headers: { Authorization: `Bearer ${token}` } });
  await response.arrayBuffer();
  return response.status;
}

const tokenPerCall = (baseUrl: string): Call => async () => callWith(baseUrl, await requestToken(baseUrl));

/** Checks the cache, and on a miss fetches a token without sharing the request in flight. */
const unsharedCache = (baseUrl: string): Call => {
  let cached: string | undefined;
  return async () => {
    cached ??= await requestToken(baseUrl);
    return callWith(baseUrl, cached);
  };
};

const peers: readonly { name: string; create: (baseUrl: string) => Call }[] = [
  { name: "atlas-admin-client (serviceAccountAuth)", create: ours },
  { name: "token per call", create: tokenPerCall },
  { name: "cache without in-flight sharing", create: unsharedCache },
];

async function measure(server: TokenServer, call: Call, concurrent: boolean): Promise<{ tokens: number; failed: number }> {
  server.reset();
  let failed = 0;
  const settle = async (): Promise<void> => {
    const status = await call().catch(() => 0);
    if (status !== 200) failed += 1;
  };
  if (concurrent) {
    await Promise.all(Array.from({ length: CALLS }, settle));
  } else {
    for (let i = 0; i < CALLS; i++) await settle();
  }
  return { tokens: server.counts.tokenRequests, failed };
}

/** Runs each pattern, cold, with 100 concurrent and then 100 sequential calls. */
export async function tokenRequests(): Promise<BenchResult> {
  const server = await startTokenServer(CLIENT_ID, CLIENT_SECRET);
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  try {
    for (const concurrent of [true, false]) {
      for (const peer of peers) {
        const { tokens, failed } = await measure(server, peer.create(server.url), concurrent);
        rows.push([peer.name, `${CALLS} ${concurrent ? "concurrent" : "sequential"}`, tokens, failed]);
        if (peer.create === ours && concurrent) notes.push(`${tokens} token request(s) for ${CALLS} concurrent first calls, goal 1: ${tokens === 1 && failed === 0 ? "met" : "MISSED"}`);
      }
    }
  } finally {
    await server.close();
  }
  return {
    title: "Token requests (service account)",
    goal: `1 token request for ${CALLS} concurrent first calls`,
    table: markdownTable(["client", "calls (cold start)", "token requests", "failed calls"], rows),
    notes,
  };
}
