import { describe, expect, it } from "vitest";
import type { MockPrincipal } from "../../../src/mock/auth/mock-principal.js";
import { createTokenGate, type TokenGate, type TokenGateOptions } from "../../../src/mock/auth/token-gate.js";

const ORIGIN = "http://mock.test";
const CLIENT_ID = "mdb_sa_id_0123456789abcdef01234567";
const SECRET = "mdb_sa_sk_secret";
const OTHER_ID = "mdb_sa_id_76543210fedcba9876543210";
const OTHER_SECRET = "mdb_sa_sk_other";
const SECRETS: Record<string, string> = { [CLIENT_ID]: SECRET, [OTHER_ID]: OTHER_SECRET };

function principalOf(clientId: string): MockPrincipal {
  return { kind: "serviceAccount", clientId };
}

function gateWith(options: Partial<TokenGateOptions> = {}): TokenGate {
  return createTokenGate({
    verifyClient: (clientId, secret) => (SECRETS[clientId] === secret ? principalOf(clientId) : undefined),
    ...options,
  });
}

function basic(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`;
}

function formRequest(path: string, body: string, authorization?: string, contentType = "application/x-www-form-urlencoded"): Request {
  const headers: Record<string, string> = { "Content-Type": contentType };
  if (authorization !== undefined) headers.Authorization = authorization;
  return new Request(ORIGIN + path, { method: "POST", headers, body });
}

function tokenRequest(clientId = CLIENT_ID, secret = SECRET): Request {
  return formRequest("/api/oauth/token", "grant_type=client_credentials", basic(clientId, secret));
}

async function accessToken(gate: TokenGate, clientId = CLIENT_ID, secret = SECRET): Promise<string> {
  const response = await gate.token(tokenRequest(clientId, secret));
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function apiCall(token: string): Request {
  return new Request(`${ORIGIN}/api/atlas/v2/orgs`, { headers: { Authorization: `Bearer ${token}` } });
}

function decodePart(part: string | undefined): unknown {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
}

async function refusal(gate: TokenGate, request: Request): Promise<Response> {
  const result = await gate.authenticate(request);
  if (!("response" in result)) throw new Error("expected a refusal");
  return result.response;
}

describe("createTokenGate: the token endpoint", () => {
  it("issues a Bearer token that expires in an hour, not to be cached", async () => {
    const response = await gateWith().token(tokenRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
  });

  it("shapes the token as an ES512 JWT whose exp is iat plus the lifetime", async () => {
    const gate = gateWith({ lifetimeSeconds: 600, now: () => 1_700_000_000_500 });
    const [header, payload, signature, ...rest] = (await accessToken(gate)).split(".");
    expect(rest).toEqual([]);
    expect(decodePart(header)).toEqual({ alg: "ES512", typ: "JWT" });
    expect(decodePart(payload)).toEqual({ sub: CLIENT_ID, iat: 1_700_000_000, exp: 1_700_000_600, jti: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(signature).toMatch(/^[A-Za-z0-9_-]{176}$/);
  });

  it("answers expires_in with the configured lifetime", async () => {
    const response = await gateWith({ lifetimeSeconds: 120 }).token(tokenRequest());
    expect(await response.json()).toMatchObject({ expires_in: 120 });
  });

  it("issues a different token on every request", async () => {
    const gate = gateWith();
    expect(await accessToken(gate)).not.toBe(await accessToken(gate));
  });

  it.each([
    ["a wrong secret", basic(CLIENT_ID, "mdb_sa_sk_wrong")],
    ["an unknown client", basic("mdb_sa_id_unknown", SECRET)],
    ["a form-encoded client id", basic(CLIENT_ID.replaceAll("_", "%5F"), SECRET)],
    ["no Authorization header", undefined],
    ["a Bearer header", "Bearer abc"],
    ["Basic credentials without a colon", `Basic ${Buffer.from("nocolon").toString("base64")}`],
  ])("answers 401 invalid_client with a Basic challenge for %s", async (_name, authorization) => {
    const response = await gateWith().token(formRequest("/api/oauth/token", "grant_type=client_credentials", authorization));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic /);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });

  it.each([
    ["a JSON body", '{"grant_type":"client_credentials"}', "application/json", "invalid_request"],
    ["no grant_type", "scope=all", "application/x-www-form-urlencoded", "invalid_request"],
    ["another grant type", "grant_type=password", "application/x-www-form-urlencoded; charset=utf-8", "unsupported_grant_type"],
  ])("answers 400 for %s", async (_name, body, contentType, error) => {
    const response = await gateWith().token(formRequest("/api/oauth/token", body, basic(CLIENT_ID, SECRET), contentType));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it("accepts a form content type with a charset", async () => {
    const request = formRequest("/api/oauth/token", "grant_type=client_credentials", basic(CLIENT_ID, SECRET), "application/x-www-form-urlencoded; charset=UTF-8");
    expect((await gateWith().token(request)).status).toBe(200);
  });
});

describe("createTokenGate: the rate limit", () => {
  it("answers the 11th request in a minute with 429 RATE_LIMITED and when to come back", async () => {
    let clock = 1_000_000;
    const gate = gateWith({ now: () => clock });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 10; i += 1) {
      const response = await gate.token(tokenRequest());
      expect(response.status).toBe(200);
      remaining.push(response.headers.get("RateLimit-Remaining"));
      clock += 1000;
    }
    expect(remaining).toEqual(["9", "8", "7", "6", "5", "4", "3", "2", "1", "0"]);
    const limited = await gate.token(tokenRequest());
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("50");
    expect(limited.headers.get("RateLimit-Limit")).toBe("10");
    expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
    expect(await limited.json()).toMatchObject({ error: 429, errorCode: "RATE_LIMITED" });
  });

  it("lets a client in again once the window has moved past its oldest request", async () => {
    let clock = 0;
    const gate = gateWith({ rateLimit: { limit: 2, windowMs: 10_000 }, now: () => clock });
    await accessToken(gate);
    clock = 4000;
    await accessToken(gate);
    expect((await gate.token(tokenRequest())).status).toBe(429);
    clock = 10_000;
    expect((await gate.token(tokenRequest())).status).toBe(200);
    expect((await gate.token(tokenRequest())).headers.get("Retry-After")).toBe("4");
  });

  it("counts refused secrets against the client's limit", async () => {
    const gate = gateWith({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await gate.token(tokenRequest(CLIENT_ID, "wrong"));
    expect((await gate.token(tokenRequest())).status).toBe(429);
  });

  it("keeps a separate limit per client id", async () => {
    const gate = gateWith({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await accessToken(gate);
    expect((await gate.token(tokenRequest(OTHER_ID, OTHER_SECRET))).status).toBe(200);
    expect((await gate.token(tokenRequest())).status).toBe(429);
  });

  it("does not limit when the rate limit is off", async () => {
    const gate = gateWith({ rateLimit: false });
    for (let i = 0; i < 20; i += 1) await accessToken(gate);
    const response = await gate.token(tokenRequest());
    expect(response.status).toBe(200);
    expect(response.headers.get("RateLimit-Limit")).toBeNull();
  });
});

describe("createTokenGate: Bearer on API calls", () => {
  it("accepts an issued token and names the service account", async () => {
    const gate = gateWith();
    expect(await gate.authenticate(apiCall(await accessToken(gate)))).toEqual({ principal: principalOf(CLIENT_ID) });
  });

  it.each([
    ["no Authorization header", new Request(`${ORIGIN}/api/atlas/v2/orgs`)],
    ["a token it never issued", apiCall("eyJhbGciOiJFUzUxMiJ9.e30.c2ln")],
  ])("answers 401 UNAUTHORIZED for %s", async (_name, request) => {
    const response = await refusal(gateWith(), request);
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect(await response.json()).toMatchObject({ errorCode: "UNAUTHORIZED", detail: "You are not authorized for this resource." });
  });

  it("answers 401 saying the token expired once exp has passed", async () => {
    let clock = 1_700_000_000_000;
    const gate = gateWith({ lifetimeSeconds: 60, now: () => clock });
    const token = await accessToken(gate);
    clock += 59_999;
    expect(await gate.authenticate(apiCall(token))).toEqual({ principal: principalOf(CLIENT_ID) });
    clock += 1;
    const response = await refusal(gate, apiCall(token));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
    expect(await response.json()).toMatchObject({ errorCode: "UNAUTHORIZED", detail: expect.stringContaining("expired") });
  });

  it("forgets expired tokens when it issues new ones", async () => {
    let clock = 0;
    const gate = gateWith({ lifetimeSeconds: 1, now: () => clock });
    const token = await accessToken(gate);
    clock = 5000;
    await accessToken(gate);
    expect(await (await refusal(gate, apiCall(token))).json()).toMatchObject({ detail: "You are not authorized for this resource." });
  });

  it("stops accepting every token of a client after revokeClient", async () => {
    const gate = gateWith();
    const first = await accessToken(gate);
    const second = await accessToken(gate);
    const other = await accessToken(gate, OTHER_ID, OTHER_SECRET);
    gate.revokeClient(CLIENT_ID);
    expect((await refusal(gate, apiCall(first))).status).toBe(401);
    expect((await refusal(gate, apiCall(second))).status).toBe(401);
    expect(await gate.authenticate(apiCall(other))).toEqual({ principal: principalOf(OTHER_ID) });
  });
});

describe("createTokenGate: reset", () => {
  it("forgets every token issued before reset()", async () => {
    const gate = gateWith();
    const token = await accessToken(gate);
    gate.reset();
    expect((await refusal(gate, apiCall(token))).status).toBe(401);
  });

  it("gives every client its whole rate limit again after reset()", async () => {
    const gate = gateWith({ rateLimit: { limit: 1, windowMs: 60_000 } });
    await accessToken(gate);
    expect((await gate.token(tokenRequest())).status).toBe(429);
    gate.reset();
    expect((await gate.token(tokenRequest())).status).toBe(200);
  });
});

describe("createTokenGate: the revoke endpoint", () => {
  function revokeRequest(token: string, clientId = CLIENT_ID, secret = SECRET): Request {
    return formRequest("/api/oauth/revoke", `token=${encodeURIComponent(token)}&token_type_hint=access_token`, basic(clientId, secret));
  }

  it("answers 200 {} and the token stops working", async () => {
    const gate = gateWith();
    const token = await accessToken(gate);
    const response = await gate.revoke(revokeRequest(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    expect((await refusal(gate, apiCall(token))).status).toBe(401);
  });

  it("answers 200 but keeps a token that belongs to another client", async () => {
    const gate = gateWith();
    const token = await accessToken(gate, OTHER_ID, OTHER_SECRET);
    expect((await gate.revoke(revokeRequest(token))).status).toBe(200);
    expect(await gate.authenticate(apiCall(token))).toEqual({ principal: principalOf(OTHER_ID) });
  });

  it("answers 401 invalid_client and keeps the token when the client's secret is wrong", async () => {
    const gate = gateWith();
    const token = await accessToken(gate);
    const response = await gate.revoke(revokeRequest(token, CLIENT_ID, "wrong"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client" });
    expect(await gate.authenticate(apiCall(token))).toEqual({ principal: principalOf(CLIENT_ID) });
  });

  it("answers 400 invalid_request without a token", async () => {
    const response = await gateWith().revoke(formRequest("/api/oauth/revoke", "token_type_hint=access_token", basic(CLIENT_ID, SECRET)));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "invalid_request" });
  });
});
