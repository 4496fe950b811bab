import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { digestFetch, digestHeader, getToken, json, parseChallenges, requestToken, v2Headers } from "../mock-helpers.js";

let clock = Date.parse("2026-03-01T00:00:00Z");
const mock = createAtlasMock({ now: () => clock, tokenRateLimit: { limit: 3, windowMs: 60_000 }, digestAlgorithms: ["SHA-256", "MD5"], nonceLifetimeMs: 60_000 });
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
const { clientId, clientSecret } = mock.credentials.serviceAccount;
const apiKey = { username: mock.credentials.apiKey.publicKey, password: mock.credentials.apiKey.privateKey };
const v2 = { headers: v2Headers("2023-01-01") };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  clock += 120_000; // a fresh token-rate window for each test
});
afterAll(() => server.close());

describe("Digest", () => {
  it("challenges with realm MMS Public API, qop auth, one challenge per algorithm", async () => {
    const response = await fetch(`${BASE}/api/atlas/v2/orgs`, v2);
    expect(response.status).toBe(401);
    const challenges = parseChallenges(response.headers.get("WWW-Authenticate"));
    expect(challenges.map((c) => [c.realm, c.algorithm])).toEqual([
      ["MMS Public API", "SHA-256"],
      ["MMS Public API", "MD5"],
    ]);
  });

  it.each(["SHA-256", "MD5"])("accepts an API key signed with %s", async (algorithm) => {
    const response = await digestFetch(`${BASE}/api/atlas/v2/orgs`, v2, apiKey, algorithm);
    expect(response.status).toBe(200);
    expect(mock.state.requests.at(-1)).toMatchObject({ status: 200, principal: "apiKey" });
  });

  it("refuses a wrong private key", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v2/orgs`, v2, { ...apiKey, password: "wrong" });
    expect(response.status).toBe(401);
    expect(parseChallenges(response.headers.get("WWW-Authenticate"))[0]?.stale).toBe(false);
  });

  it("accepts user credentials", async () => {
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, {}, { username: mock.credentials.user.username, password: mock.credentials.user.password });
    expect(response.status).toBe(200);
    expect(mock.state.requests.at(-1)?.principal).toBe("user");
  });

  it("answers stale=true once the nonce's lifetime has passed", async () => {
    const first = await fetch(`${BASE}/api/atlas/v2/orgs`, v2);
    const challenge = parseChallenges(first.headers.get("WWW-Authenticate"))[0]!;
    clock += 61_000;
    const response = await fetch(`${BASE}/api/atlas/v2/orgs`, {
      headers: { ...v2.headers, Authorization: digestHeader(apiKey, challenge, "GET", "/api/atlas/v2/orgs") },
    });
    expect(response.status).toBe(401);
    expect(parseChallenges(response.headers.get("WWW-Authenticate"))[0]?.stale).toBe(true);
  });

  it("refuses an nc that does not rise", async () => {
    const first = await fetch(`${BASE}/api/atlas/v2/orgs`, v2);
    const challenge = parseChallenges(first.headers.get("WWW-Authenticate"))[0]!;
    const signed = (nc: number) => ({ headers: { ...v2.headers, Authorization: digestHeader(apiKey, challenge, "GET", "/api/atlas/v2/orgs", nc) } });
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, signed(1))).status).toBe(200);
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, signed(2))).status).toBe(200);
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, signed(2))).status).toBe(401);
  });
});

describe("service accounts (OAuth client credentials)", () => {
  it("answers a JWT-shaped Bearer token with expires_in", async () => {
    const response = await requestToken(BASE, clientId, clientSecret);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const payload = JSON.parse(Buffer.from(body.access_token.split(".")[1], "base64url").toString());
    expect(payload.exp).toBe(Math.floor(clock / 1000) + 3600);
    expect(mock.state.counters.tokenRequests).toBe(1);
  });

  it("refuses a wrong secret", async () => {
    expect((await requestToken(BASE, clientId, "mdb_sa_sk_wrong")).status).toBe(401);
  });

  it("refuses an expired secret", async () => {
    const created = await json(
      await fetch(`${BASE}/api/atlas/v2/orgs/${ORG}/serviceAccounts`, {
        method: "POST",
        headers: v2Headers("2024-08-05", await getToken(BASE, clientId, clientSecret)),
        body: JSON.stringify({ name: "short", description: "d", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 1 }),
      }),
    );
    clock += 3_600_000;
    expect((await requestToken(BASE, created.clientId, created.secrets[0].secret)).status).toBe(401);
  });

  it("refuses the token of an account that no longer exists (removed by reset)", async () => {
    const created = await json(
      await fetch(`${BASE}/api/atlas/v2/orgs/${ORG}/serviceAccounts`, {
        method: "POST",
        headers: v2Headers("2024-08-05", await getToken(BASE, clientId, clientSecret)),
        body: JSON.stringify({ name: "temp", description: "d", roles: ["ORG_OWNER"], secretExpiresAfterHours: 1 }),
      }),
    );
    const token = await getToken(BASE, created.clientId, created.secrets[0].secret);
    mock.reset();
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(401);
  });

  it("refuses the token of an account a test removed from the state (no route revoked it)", async () => {
    const token = await getToken(BASE, clientId, clientSecret);
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(200);
    mock.state.serviceAccounts.delete(clientId);
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(401);
  });

  it("checks the Bearer token on every call", async () => {
    const response = await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", "not-a-token") });
    expect(response.status).toBe(401);
  });

  it("refuses an expired token", async () => {
    const token = await getToken(BASE, clientId, clientSecret);
    clock += 3_600_000;
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(401);
  });

  it("refuses a revoked token", async () => {
    const token = await getToken(BASE, clientId, clientSecret);
    const revoked = await fetch(`${BASE}/api/oauth/revoke`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: `token=${token}&token_type_hint=access_token`,
    });
    expect(revoked.status).toBe(200);
    expect((await fetch(`${BASE}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(401);
  });

  it.each(["/api/atlas/v1.0/orgs", "/api/public/v1.0/orgs"])("refuses a service account token on %s: 401", async (path) => {
    const token = await getToken(BASE, clientId, clientSecret);
    const response = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" } });
    expect(response.status).toBe(401);
    expect((await json(response)).detail).toContain("v2 only");
  });

  it("rate limits the token endpoint: 429 after the configured limit", async () => {
    for (let i = 0; i < 3; i += 1) expect((await requestToken(BASE, clientId, clientSecret)).status).toBe(200);
    const limited = await requestToken(BASE, clientId, clientSecret);
    expect(limited.status).toBe(429);
    expect((await json(limited)).errorCode).toBe("RATE_LIMITED");
  });
});
