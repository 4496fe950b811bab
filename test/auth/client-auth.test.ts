/**
 * The auth strategies under a real client: what a user of createAtlasClient sees, counted in
 * HTTP round trips and token requests.
 */
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createAtlasClient, createOpsManagerClient, digestAuth, serviceAccountAuth, TokenRequestError, unwrap } from "../../src/index.js";
import { DigestServer, digestProtected } from "../support/digest-server.js";
import { captureLogger, ORG_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";
const publicKey = "abcdefgh";
const privateKey = "2b4f1c3e-0000-4a1b-9c8d-7e6f5a4b3c2d";

describe("createAtlasClient with digestAuth", () => {
  it("makes 20 sequential calls in 21 HTTP round trips against an independent digest server", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey, strictNc: true });
    server.use(digestProtected(digest, "get", `${BASE}/api/atlas/v2/orgs/:orgId`));
    const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey }), retry: false });
    for (let i = 0; i < 20; i++) {
      const { response } = await atlas.GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID }, query: { pretty: i % 2 === 0 } } });
      expect(response.status).toBe(200);
    }
    expect(digest.requests).toBe(21);
  });

  it("makes 50 concurrent calls in at most 1.1·N round trips against a non-strict server", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey });
    server.use(digestProtected(digest, "get", `${BASE}/api/atlas/v2/orgs/:orgId/teams`));
    const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey }), retry: false });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => atlas.GET("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } })),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(digest.requests).toBeLessThanOrEqual(55);
  });

  it("re-sends a POST body intact after the challenge", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey });
    server.use(digestProtected(digest, "post", `${BASE}/api/atlas/v2/orgs/:orgId/teams`));
    const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey }) });
    const { data } = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "dbas", usernames: ["ann@example.com"] } });
    expect(data).toMatchObject({ body: JSON.stringify({ name: "dbas", usernames: ["ann@example.com"] }) });
    expect(digest.requests).toBe(2);
  });

  it("answers wrong credentials with a typed 401 error after 2 requests, without looping", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey });
    server.use(digestProtected(digest, "get", `${BASE}/api/atlas/v2/orgs`));
    const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey: "wrong" }) });
    const result = await atlas.GET("/api/atlas/v2/orgs");
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ error: 401 });
    expect(() => unwrap(result)).toThrow(/401/);
    expect(digest.requests).toBe(2);
  });

  it("keeps the private key out of every log event", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey });
    server.use(digestProtected(digest, "get", `${BASE}/api/atlas/v2/orgs`));
    const { events, logger } = captureLogger();
    await createAtlasClient({ auth: digestAuth({ publicKey, privateKey }), logger }).GET("/api/atlas/v2/orgs");
    expect(events.length).toBeGreaterThan(2);
    expect(JSON.stringify(events)).not.toContain(privateKey);
    expect(JSON.stringify(events)).not.toMatch(/response="/);
  });

  it("signs Ops Manager calls on plain http too", async () => {
    const digest = new DigestServer({ username: publicKey, password: privateKey, algorithms: ["SHA-256"] });
    server.use(digestProtected(digest, "get", "http://om.internal:8080/api/public/v1.0/orgs"));
    const om = createOpsManagerClient({ baseUrl: "http://om.internal:8080", auth: digestAuth({ publicKey, privateKey }) });
    expect((await om.GET("/api/public/v1.0/orgs")).response.status).toBe(200);
  });
});

/** A user's openapi-fetch middleware recording the Authorization header it sees on the request, before and after the call. */
function watchAuthorization(client: { use(middleware: object): void }): (string | null)[] {
  const seen: (string | null)[] = [];
  client.use({
    onRequest({ request }: { request: Request }) {
      seen.push(request.headers.get("authorization"));
    },
    onResponse({ request }: { request: Request }) {
      seen.push(request.headers.get("authorization"));
    },
  });
  return seen;
}

describe("the Authorization header stays below the user's middleware", () => {
  it.each([{}, { timeoutMs: 5000 }, { retry: false as const }])("hides the Digest header from onRequest and onResponse with %o", async (options) => {
    const digest = new DigestServer({ username: publicKey, password: privateKey });
    server.use(digestProtected(digest, "get", `${BASE}/api/atlas/v2/orgs`));
    const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey }), ...options });
    const seen = watchAuthorization(atlas);
    // The handshake, then a call signed up front with the remembered nonce.
    for (let i = 0; i < 2; i++) expect((await atlas.GET("/api/atlas/v2/orgs")).response.status).toBe(200);
    expect(digest.requests).toBe(3);
    expect(seen).toEqual([null, null, null, null]);
  });

  it.each([{}, { timeoutMs: 5000 }])("hides the Bearer header from onRequest and onResponse with %o", async (options) => {
    let bearer: string | null = null;
    server.use(
      http.post(`${BASE}/api/oauth/token`, () => HttpResponse.json({ access_token: "token-1", expires_in: 3600 })),
      http.get(`${BASE}/api/atlas/v2/orgs`, ({ request }) => {
        bearer = request.headers.get("authorization");
        return HttpResponse.json({ results: [] });
      }),
    );
    const atlas = createAtlasClient({ auth: serviceAccountAuth({ clientId: "mdb_sa_id_0123456789abcdef01234567", clientSecret: "mdb_sa_sk_x" }), ...options });
    const seen = watchAuthorization(atlas);
    expect((await atlas.GET("/api/atlas/v2/orgs")).response.status).toBe(200);
    expect(bearer).toBe("Bearer token-1");
    expect(seen).toEqual([null, null]);
  });
});

describe("createAtlasClient with serviceAccountAuth", () => {
  const clientId = "mdb_sa_id_0123456789abcdef01234567";
  const clientSecret = "mdb_sa_sk_not_a_real_secret_value";

  function tokenEndpoint(status = 200): { count: () => number } {
    let count = 0;
    server.use(
      http.post(`${BASE}/api/oauth/token`, () => {
        count += 1;
        return status === 200
          ? HttpResponse.json({ access_token: `token-${count}`, token_type: "Bearer", expires_in: 3600 })
          : HttpResponse.json({ error: status, errorCode: "RATE_LIMITED" }, { status, headers: { "Retry-After": "0" } });
      }),
    );
    return { count: () => count };
  }

  it("makes 50 concurrent first calls with one token request", async () => {
    const tokens = tokenEndpoint();
    let unauthenticated = 0;
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, ({ request }) => {
      if (request.headers.get("authorization") !== "Bearer token-1") unauthenticated += 1;
      return HttpResponse.json({ results: [], totalCount: 0 });
    }));
    const atlas = createAtlasClient({ auth: serviceAccountAuth({ clientId, clientSecret }) });
    await Promise.all(Array.from({ length: 50 }, () => atlas.GET("/api/atlas/v2/orgs")));
    expect(tokens.count()).toBe(1);
    expect(unauthenticated).toBe(0);
  });

  it("fails with TokenRequestError, never an unauthenticated call, when the token endpoint keeps failing", async () => {
    const tokens = tokenEndpoint(503);
    let apiCalls = 0;
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, () => {
      apiCalls += 1;
      return HttpResponse.json({});
    }));
    const atlas = createAtlasClient({ auth: serviceAccountAuth({ clientId, clientSecret, tokenRetryBaseMs: 1 }) });
    const call = atlas.GET("/api/atlas/v2/orgs");
    await expect(call).rejects.toBeInstanceOf(TokenRequestError);
    await expect(call).rejects.toMatchObject({ status: 503 });
    expect(apiCalls).toBe(0);
    expect(tokens.count()).toBe(3);
  });

  it("sends the client's User-Agent with token requests", async () => {
    const agents: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/api/oauth/token`, ({ request }) => {
        agents.push(request.headers.get("user-agent"));
        return HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 3600 });
      }),
      http.get(`${BASE}/api/atlas/v2/orgs`, () => HttpResponse.json({ results: [] })),
    );
    await createAtlasClient({ auth: serviceAccountAuth({ clientId, clientSecret }), userAgent: "ci-job/1" }).GET("/api/atlas/v2/orgs");
    expect(agents[0]).toMatch(/^atlas-admin-client\/.* ci-job\/1$/);
  });
});
