import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasClient, type AtlasClient } from "../../src/client/create-atlas-client.js";
import { digestAuth } from "../../src/auth/digest-auth.js";
import type { FetchLike } from "../../src/types/index.js";
import { findInteropTools } from "./support/interop-tools.js";
import type { HandlerEcho } from "./support/json-handler-script.js";
import { startLighttpd, type LighttpdServer } from "./support/start-lighttpd.js";

const lighttpd = findInteropTools().lighttpd;
const PUBLIC_KEY = "interoppk";
const PRIVATE_KEY = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";
const ORG_ID = "5f0c2a3b4d5e6f7081929a3b";
const TEAM = { name: "dbas", usernames: ["ann@example.com"] };

const newTag = (): string => `interop/${randomUUID()}`;
const echoOf = (data: unknown): HandlerEcho => data as HandlerEcho;

/** Records the challenges the server sends, below the digest layer. */
function recordingFetch(challenges: string[]): FetchLike {
  return async (request) => {
    const response = await globalThis.fetch(request);
    if (response.status === 401) challenges.push(response.headers.get("www-authenticate") ?? "");
    return response;
  };
}

describe.skipIf(!lighttpd)("lighttpd mod_auth with algorithm SHA-256", () => {
  let server: LighttpdServer;
  beforeAll(async () => {
    server = await startLighttpd({ binary: lighttpd ?? "lighttpd", realm: "interop@lighttpd", user: PUBLIC_KEY, password: PRIVATE_KEY });
  });
  afterAll(() => server?.stop());

  function atlasClient(tag: string, options: { privateKey?: string; fetch?: FetchLike } = {}): AtlasClient {
    return createAtlasClient({
      baseUrl: server.origin,
      auth: digestAuth({ publicKey: PUBLIC_KEY, privateKey: options.privateKey ?? PRIVATE_KEY }),
      retry: false,
      userAgent: tag,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  it("answers lighttpd's SHA-256 challenge for a GET with a query string and a POST with a body", async () => {
    const tag = newTag();
    const challenges: string[] = [];
    const client = atlasClient(tag, { fetch: recordingFetch(challenges) });
    const get = await client.GET("/api/atlas/v2/orgs", { params: { query: { name: "ops", pageNum: 1 } } });
    const post = await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: TEAM });
    expect(challenges).toHaveLength(1);
    expect(challenges[0]).toMatch(/algorithm="?SHA-256"?/i);
    expect(get.response.status).toBe(200);
    expect(echoOf(get.data)).toMatchObject({ method: "GET", user: PUBLIC_KEY, uri: "/api/atlas/v2/orgs?name=ops&pageNum=1" });
    expect(post.response.status).toBe(201);
    expect(echoOf(post.data)).toMatchObject({ method: "POST", body: TEAM });
    expect((await server.requests(tag)).map((entry) => entry.status)).toEqual([401, 200, 201]);
  });

  it("makes 10 sequential SHA-256 calls in 11 round trips", async () => {
    const tag = newTag();
    const client = atlasClient(tag);
    for (let page = 1; page <= 10; page += 1) {
      expect((await client.GET("/api/atlas/v2/orgs", { params: { query: { pageNum: page } } })).response.status).toBe(200);
    }
    const statuses = (await server.requests(tag)).map((entry) => entry.status);
    console.log(`interop lighttpd SHA-256: 10 sequential calls, ${statuses.length} round trips`);
    expect(statuses).toEqual([401, ...Array<number>(10).fill(200)]);
  });

  it("answers 20 concurrent SHA-256 calls, all successful, in at most 22 round trips", async () => {
    const tag = newTag();
    const client = atlasClient(tag);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => client.GET("/api/atlas/v2/orgs", { params: { query: { pageNum: index + 1 } } })),
    );
    const logged = await server.requests(tag);
    console.log(`interop lighttpd SHA-256: 20 concurrent calls, ${logged.length} round trips`);
    expect(results.map((result) => result.response.status)).toEqual(Array<number>(20).fill(200));
    expect(logged.length).toBeLessThanOrEqual(22);
  });

  it("gets all of 5 rounds × 20 warm concurrent SHA-256 calls through in 100 round trips", async () => {
    const tag = newTag();
    const client = atlasClient(tag);
    const list = (pageNum: number) => client.GET("/api/atlas/v2/orgs", { params: { query: { pageNum } } });
    expect((await list(0)).response.status).toBe(200);
    const warm = (await server.requests(tag)).length;
    const statuses: number[] = [];
    for (let round = 1; round <= 5; round += 1) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, index) => list(index + 1)));
      statuses.push(...results.map((result) => result.response.status));
    }
    const logged = (await server.requests(tag)).length - warm;
    console.log(`interop lighttpd SHA-256: 5 rounds of 20 warm concurrent calls, ${statuses.filter((s) => s === 200).length} of 100 OK, ${logged} round trips`);
    expect(statuses).toEqual(Array<number>(100).fill(200));
    // Every call signed up front with the remembered nonce: no challenge, no re-send.
    expect(logged).toBe(100);
  });

  it("answers through the digest FetchLike alone", async () => {
    const tag = newTag();
    const send = digestAuth({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }).wrap({
      fetch: (request) => globalThis.fetch(request),
      userAgent: tag,
    });
    const response = await send(new Request(`${server.origin}/api/atlas/v2/orgs?pageNum=3`, { headers: { "user-agent": tag } }));
    expect(response.status).toBe(200);
    expect((await response.json()) as HandlerEcho).toMatchObject({ user: PUBLIC_KEY, uri: "/api/atlas/v2/orgs?pageNum=3" });
  });

  it("returns lighttpd's 401 after two requests when the key is wrong", async () => {
    const tag = newTag();
    const result = await atlasClient(tag, { privateKey: "not-the-key" }).GET("/api/atlas/v2/orgs", {});
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ error: 401 });
    expect((await server.requests(tag)).map((entry) => entry.status)).toEqual([401, 401]);
  });
});
