/**
 * One process's share of the rate-limit benchmark: `count` team creates, `concurrency` at a
 * time, through one of three clients. Shared by bench/rate-limits.ts and its child processes.
 *
 * @module
 */
import createClient from "openapi-fetch";
import type { paths } from "../generated/atlas.js";
import { createAtlasClient, serviceAccountAuth } from "../src/index.js";

/** The clients compared. */
export type BulkClient = "paced" | "paced, preload" | "retries only" | "bare openapi-fetch";

/** Where and as whom to create the teams. */
export interface BulkTarget {
  readonly url: string;
  readonly orgId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

type Create = (name: string) => Promise<boolean>;

async function creator(kind: BulkClient, target: BulkTarget): Promise<Create> {
  const params = { path: { orgId: target.orgId } };
  if (kind !== "bare openapi-fetch") {
    const auth = serviceAccountAuth({ clientId: target.clientId, clientSecret: target.clientSecret });
    const rateLimit = kind === "retries only" ? false : { preload: kind === "paced, preload" };
    const client = createAtlasClient({ baseUrl: target.url, auth, rateLimit });
    return async (name) => (await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params, body: { name, usernames: [] } })).response.ok;
  }
  // Bare openapi-fetch: a token fetched once by hand, the versioned Accept header, no retries.
  const basic = Buffer.from(`${target.clientId}:${target.clientSecret}`).toString("base64");
  const token = await fetch(`${target.url}/api/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const { access_token } = (await token.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}`, Accept: "application/vnd.atlas.2023-01-01+json", "Content-Type": "application/vnd.atlas.2023-01-01+json" };
  const client = createClient<paths>({ baseUrl: target.url, headers });
  return async (name) => (await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params, body: { name, usernames: [] } })).response.ok;
}

/**
 * Creates `count` teams named `<prefix>-<n>`; resolves to how many calls failed (an error
 * answer or a thrown error). `ready` runs once the client exists, before the first call.
 */
export async function bulkCreate(kind: BulkClient, target: BulkTarget, count: number, concurrency: number, prefix: string, ready?: () => Promise<void>): Promise<number> {
  const create = await creator(kind, target);
  await ready?.();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const name = `${prefix}-${next++}`;
      if (!(await create(name).catch(() => false))) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return failed;
}
