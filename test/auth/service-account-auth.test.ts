import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAtlasClient } from "../../src/client/create-atlas-client.js";
import { unwrap } from "../../src/client/unwrap.js";
import { serviceAccountAuth, type ServiceAccountAuthOptions } from "../../src/auth/service-account-auth.js";
import { TokenRequestError } from "../../src/errors/token-request-error.js";
import type { FetchLike, LogEvent } from "../../src/types/index.js";

const ORIGIN = "https://cloud.mongodb.com";
const TOKEN_URL = `${ORIGIN}/api/oauth/token`;
const REVOKE_URL = `${ORIGIN}/api/oauth/revoke`;
const API_URL = `${ORIGIN}/api/atlas/v2/orgs`;
const CLIENT_ID = "mdb_sa_id_65f0c0ffee0123456789abcd";
const CLIENT_SECRET = "mdb_sa_sk_x_y+z/=%&é~";
// `printf '%s' "$CLIENT_ID:$CLIENT_SECRET" | base64`, computed outside this code.
const BASIC = "Basic bWRiX3NhX2lkXzY1ZjBjMGZmZWUwMTIzNDU2Nzg5YWJjZDptZGJfc2Ffc2tfeF95K3ovPSUmw6l+";
const USER_AGENT = "atlas-admin-client/0.1.0 (test)";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

async function record(request: Request, into: Seen[]): Promise<void> {
  into.push({ url: request.url, headers: request.headers, body: await request.text() });
}

type TokenAnswer = (count: number) => Response | Promise<Response>;

const bearerToken: TokenAnswer = (n) =>
  HttpResponse.json({ access_token: `tok-${n}`, token_type: "Bearer", expires_in: 3600 });

/** The token endpoint: records each request and answers the n-th with `answer(n)`. */
function tokenEndpoint(answer: TokenAnswer = bearerToken, url = TOKEN_URL): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      await record(request, seen);
      return answer(seen.length);
    }),
  );
  return seen;
}

/** An API endpoint that accepts a Bearer token unless `refuse` says no; records every request. */
function apiEndpoint(refuse: (token: string) => boolean = () => false, url = API_URL): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.all(url, async ({ request }) => {
      await record(request, seen);
      const token = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
      if (token === undefined || refuse(token)) {
        return HttpResponse.json({ error: 401, errorCode: "UNAUTHORIZED" }, { status: 401 });
      }
      return HttpResponse.json({ token });
    }),
  );
  return seen;
}

/** A revoke endpoint that records each request and answers 200. */
function revokeEndpoint(url = REVOKE_URL): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      await record(request, seen);
      return new HttpResponse(null);
    }),
  );
  return seen;
}

function client(options: Partial<ServiceAccountAuthOptions> = {}, fetch: FetchLike = (r) => globalThis.fetch(r)) {
  const events: LogEvent[] = [];
  const auth = serviceAccountAuth({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokenRetryBaseMs: 1,
    ...options,
  });
  const send = auth.wrap({ fetch, userAgent: USER_AGENT, logger: { debug: (event) => events.push(event) } });
  const get = (init?: RequestInit, url = API_URL): Promise<Response> => send(new Request(url, init));
  return { auth, send, get, events };
}

async function tokenUsed(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "ES512", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function failure(promise: Promise<unknown>): Promise<TokenRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenRequestError);
  return error as TokenRequestError;
}

describe("serviceAccountAuth token request", () => {
  it("is a strategy of type serviceAccount", () => {
    expect(serviceAccountAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).type).toBe("serviceAccount");
  });

  it("sends the Basic header of the raw id and secret, not form-encoded", async () => {
    const tokens = tokenEndpoint();
    apiEndpoint();
    await client().get();
    expect(tokens[0]?.headers.get("Authorization")).toBe(BASIC);
    const decoded = Buffer.from(BASIC.slice("Basic ".length), "base64").toString("utf8");
    expect(decoded).toBe(`${CLIENT_ID}:${CLIENT_SECRET}`);
    expect(decoded).not.toContain("%5F");
  });

  it("POSTs grant_type=client_credentials as a form, asking for JSON, with the client's User-Agent", async () => {
    const tokens = tokenEndpoint();
    apiEndpoint();
    await client().get();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.body).toBe("grant_type=client_credentials");
    expect(tokens[0]?.headers.get("Content-Type")).toBe("application/x-www-form-urlencoded");
    expect(tokens[0]?.headers.get("Accept")).toBe("application/json");
    expect(tokens[0]?.headers.get("User-Agent")).toBe(USER_AGENT);
  });

  it("sends the API request with the token as Bearer, keeping its other headers", async () => {
    tokenEndpoint();
    const api = apiEndpoint();
    const response = await client().get({ headers: { Accept: "application/vnd.atlas.2023-01-01+json" } });
    expect(await tokenUsed(response)).toBe("tok-1");
    expect(api[0]?.headers.get("Authorization")).toBe("Bearer tok-1");
    expect(api[0]?.headers.get("Accept")).toBe("application/vnd.atlas.2023-01-01+json");
  });

  it("asks the origin of an Atlas for Government request for the token", async () => {
    const gov = "https://cloud.mongodbgov.com";
    const tokens = tokenEndpoint(bearerToken, `${gov}/api/oauth/token`);
    apiEndpoint(() => false, `${gov}/api/atlas/v2/orgs`);
    const response = await client().get({}, `${gov}/api/atlas/v2/orgs?pageNum=2`);
    expect(await tokenUsed(response)).toBe("tok-1");
    expect(tokens[0]?.url).toBe(`${gov}/api/oauth/token`);
  });

  it("asks tokenUrl when it is given", async () => {
    const tokens = tokenEndpoint(bearerToken, "https://idp.example.com/oauth/token");
    apiEndpoint();
    await client({ tokenUrl: "https://idp.example.com/oauth/token" }).get();
    expect(tokens).toHaveLength(1);
  });

  it("refuses an empty client id, an id with a colon, or an empty secret", () => {
    expect(() => serviceAccountAuth({ clientId: "", clientSecret: CLIENT_SECRET })).toThrow(TypeError);
    expect(() => serviceAccountAuth({ clientId: "a:b", clientSecret: CLIENT_SECRET })).toThrow(/clientId/);
    expect(() => serviceAccountAuth({ clientId: CLIENT_ID, clientSecret: "" })).toThrow(/clientSecret/);
  });
});

describe("serviceAccountAuth caching", () => {
  it.each([50, 100])("makes one token request for %i concurrent first calls", async (calls) => {
    const tokens = tokenEndpoint();
    const api = apiEndpoint();
    const { get } = client();
    const used = await Promise.all(Array.from({ length: calls }, async () => tokenUsed(await get())));
    expect(tokens).toHaveLength(1);
    expect(new Set(used)).toEqual(new Set(["tok-1"]));
    expect(api).toHaveLength(calls);
  });

  it("reuses the token across sequential calls", async () => {
    const tokens = tokenEndpoint();
    apiEndpoint();
    const { get } = client();
    for (let i = 0; i < 10; i += 1) expect(await tokenUsed(await get())).toBe("tok-1");
    expect(tokens).toHaveLength(1);
  });

  it("renews the token 60 s before expires_in runs out", async () => {
    let now = 1_700_000_000_000;
    const tokens = tokenEndpoint();
    apiEndpoint();
    const { get, events } = client({ now: () => now });
    await get();
    now += 3_540_000 - 1;
    expect(await tokenUsed(await get())).toBe("tok-1");
    now += 1;
    expect(await tokenUsed(await get())).toBe("tok-2");
    expect(tokens).toHaveLength(2);
    expect(events.map((e) => e["action"])).toContain("token-renewed");
  });

  it("renews the token 60 s before the JWT's exp when expires_in is absent", async () => {
    let now = 1_700_000_000_000;
    const token = (n: number): string => jwt({ sub: CLIENT_ID, n, iat: now / 1000, exp: now / 1000 + 3600 });
    const tokens = tokenEndpoint((n) => HttpResponse.json({ access_token: token(n), token_type: "Bearer" }));
    apiEndpoint();
    const { get } = client({ now: () => now });
    const first = await tokenUsed(await get());
    now += 3_540_000 - 1;
    expect(await tokenUsed(await get())).toBe(first);
    now += 1;
    expect(await tokenUsed(await get())).not.toBe(first);
    expect(tokens).toHaveLength(2);
  });

  it("reads expires_in given as a string", async () => {
    let now = 0;
    const tokens = tokenEndpoint((n) => HttpResponse.json({ access_token: `tok-${n}`, expires_in: "3600" }));
    apiEndpoint();
    const { get } = client({ now: () => now });
    await get();
    now = 3_540_000;
    expect(await tokenUsed(await get())).toBe("tok-2");
    expect(tokens).toHaveLength(2);
  });

  it("renews a token shorter-lived than twice the margin halfway, not on every call", async () => {
    let now = 0;
    const tokens = tokenEndpoint((n) => HttpResponse.json({ access_token: `tok-${n}`, expires_in: 61 }));
    apiEndpoint();
    const { get } = client({ now: () => now });
    await get();
    now = 30_000;
    expect(await tokenUsed(await get())).toBe("tok-1");
    now = 31_000;
    expect(await tokenUsed(await get())).toBe("tok-2");
    expect(tokens).toHaveLength(2);
  });

  it("keeps a token with neither expires_in nor a JWT exp until the API refuses it", async () => {
    let now = 0;
    const tokens = tokenEndpoint((n) => HttpResponse.json({ access_token: `opaque.not-base64-json.${n}` }));
    apiEndpoint((token) => token.endsWith(".1"));
    const { get } = client({ now: () => now });
    now = 10 * 365 * 86_400_000;
    expect(await tokenUsed(await get())).toBe("opaque.not-base64-json.2");
    expect(await tokenUsed(await get())).toBe("opaque.not-base64-json.2");
    expect(tokens).toHaveLength(2);
  });

  it("tries again after a failed token request instead of caching the failure", async () => {
    const tokens = tokenEndpoint((n) =>
      n === 1 ? HttpResponse.json({ error: "invalid_client" }, { status: 401 }) : bearerToken(n),
    );
    apiEndpoint();
    const { get } = client();
    await failure(get());
    expect(await tokenUsed(await get())).toBe("tok-2");
    expect(tokens).toHaveLength(2);
  });
});

describe("serviceAccountAuth on a 401 from the API", () => {
  it("gets one new token and sends the request again once, body included", async () => {
    const tokens = tokenEndpoint();
    const api = apiEndpoint((token) => token === "tok-1");
    const { get, events } = client();
    const body = JSON.stringify({ name: "dbas" });
    const response = await get({ method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect(await tokenUsed(response)).toBe("tok-2");
    expect(tokens).toHaveLength(2);
    expect(api.map((r) => [r.headers.get("Authorization"), r.body])).toEqual([
      ["Bearer tok-1", body],
      ["Bearer tok-2", body],
    ]);
    expect(events.map((e) => e["action"])).toEqual(
      expect.arrayContaining(["api-unauthorized", "token-refreshed"]),
    );
  });

  it("returns a second 401 to the caller", async () => {
    const tokens = tokenEndpoint();
    const api = apiEndpoint(() => true);
    const response = await client().get();
    expect(response.status).toBe(401);
    expect(tokens).toHaveLength(2);
    expect(api).toHaveLength(2);
  });

  it("makes one token request for 50 concurrent calls refused with the same token", async () => {
    const tokens = tokenEndpoint();
    const api = apiEndpoint((token) => token === "tok-1");
    const { get } = client();
    const used = await Promise.all(Array.from({ length: 50 }, async () => tokenUsed(await get())));
    expect(new Set(used)).toEqual(new Set(["tok-2"]));
    expect(tokens).toHaveLength(2);
    expect(api).toHaveLength(100);
  });
});

describe("serviceAccountAuth on a 401 refusing a caller without rights", () => {
  const INVALID_TOKEN = 'Bearer error="invalid_token", error_description="The access token expired"';

  /** An API that answers 401 NOT_ORG_OWNER to every token, as Atlas does to a caller without the role. */
  function forbidden(): Seen[] {
    const seen: Seen[] = [];
    server.use(
      http.all(API_URL, async ({ request }) => {
        await record(request, seen);
        return HttpResponse.json({ error: 401, errorCode: "NOT_ORG_OWNER" }, { status: 401 });
      }),
    );
    return seen;
  }

  it("costs 2 token requests and 6 API requests for 5 sequential calls, not renewing the replacement token", async () => {
    const tokens = tokenEndpoint();
    const api = forbidden();
    const { get, events } = client();
    for (let i = 0; i < 5; i += 1) expect((await get()).status).toBe(401);
    expect(tokens).toHaveLength(2);
    expect(api.map((r) => r.headers.get("Authorization"))).toEqual(["Bearer tok-1", ...Array(5).fill("Bearer tok-2")]);
    expect(events.filter((e) => e["action"] === "api-unauthorized")).toHaveLength(1);
  });

  it("makes no token request for a second batch of concurrent calls refused with the replacement token", async () => {
    const tokens = tokenEndpoint();
    const api = forbidden();
    const { get } = client();
    await Promise.all(Array.from({ length: 10 }, () => get()));
    expect([tokens.length, api.length]).toEqual([2, 20]);
    const statuses = await Promise.all(Array.from({ length: 10 }, async () => (await get()).status));
    expect(statuses).toEqual(Array(10).fill(401));
    expect([tokens.length, api.length]).toEqual([2, 30]);
  });

  it("returns a bare 401 to a replacement token as it is, but replaces it when a 401 says invalid_token", async () => {
    let tok2Expired = false;
    const tokens = tokenEndpoint();
    server.use(
      http.all(`${ORIGIN}/api/atlas/v2/orgs/:orgId`, () => HttpResponse.json({ error: 401, errorCode: "NOT_ORG_OWNER" }, { status: 401 })),
    );
    apiEndpoint((token) => token === "tok-1");
    server.use(
      http.all(API_URL, ({ request }) =>
        tok2Expired && request.headers.get("Authorization") === "Bearer tok-2"
          ? HttpResponse.json({ error: 401 }, { status: 401, headers: { "WWW-Authenticate": INVALID_TOKEN } })
          : undefined,
      ),
    );
    const { get } = client();
    expect(await tokenUsed(await get())).toBe("tok-2");
    const refusal = await get({}, `${ORIGIN}/api/atlas/v2/orgs/5f4e3d2c1b0a998877665544`);
    expect(await refusal.json()).toMatchObject({ errorCode: "NOT_ORG_OWNER" });
    expect(tokens).toHaveLength(2);
    tok2Expired = true;
    expect(await tokenUsed(await get())).toBe("tok-3");
    expect(tokens).toHaveLength(3);
  });

  it("still renews a replacement token before it expires, and that token may be replaced on a bare 401 once more", async () => {
    let now = 0;
    const tokens = tokenEndpoint();
    const api = apiEndpoint((token) => token === "tok-1" || token === "tok-3");
    const { get, events } = client({ now: () => now });
    expect(await tokenUsed(await get())).toBe("tok-2");
    now = 3_540_000;
    expect(await tokenUsed(await get())).toBe("tok-4");
    expect(tokens).toHaveLength(4);
    expect(api).toHaveLength(4);
    expect(events.filter((e) => e["action"] === "token-renewed")).toHaveLength(1);
  });
});

describe("serviceAccountAuth when the token endpoint fails", () => {
  const limited = (retryAfter: string): TokenAnswer => (n) =>
    n === 1
      ? HttpResponse.json(
          { error: 429, errorCode: "RATE_LIMITED" },
          { status: 429, headers: { "Retry-After": retryAfter } },
        )
      : bearerToken(n);

  it.each([
    ["0", 0],
    ["1", 1000],
    [new Date(0).toUTCString(), 0],
  ])("backs off for Retry-After %s after a 429, then gets the token", async (retryAfter, delayMs) => {
    const tokens = tokenEndpoint(limited(retryAfter));
    apiEndpoint();
    const { get, events } = client();
    expect(await tokenUsed(await get())).toBe("tok-2");
    expect(tokens).toHaveLength(2);
    expect(events.find((e) => e["action"] === "backoff")).toMatchObject({ status: 429, delayMs });
  });

  it("doubles its backoff per retry (jitter between half and all of it)", async () => {
    const delays = async (random: number): Promise<unknown[]> => {
      tokenEndpoint(() => new HttpResponse(null, { status: 503 }));
      const { get, events } = client({ tokenRetries: 3, tokenRetryBaseMs: 4 });
      const spy = vi.spyOn(Math, "random").mockReturnValue(random);
      try {
        await failure(get());
      } finally {
        spy.mockRestore();
      }
      return events.filter((e) => e["action"] === "backoff").map((e) => e["delayMs"]);
    };
    expect(await delays(1)).toEqual([4, 8, 16]);
    expect(await delays(0)).toEqual([2, 4, 8]);
  });

  it("fails at once, with retryAfterMs, when Retry-After is longer than the default 30 s cap", async () => {
    const tokens = tokenEndpoint(limited("60"));
    const api = apiEndpoint();
    const { get, events } = client();
    const error = await failure(get());
    expect(error).toMatchObject({ status: 429, errorCode: "RATE_LIMITED", retryAfterMs: 60_000 });
    expect(error.message).toContain("retry after 60 s");
    expect(tokens).toHaveLength(1);
    expect(api).toHaveLength(0);
    expect(events.filter((e) => e["action"] === "backoff")).toEqual([]);
  });

  it("waits out a retry-after-ms up to maxRetryAfterMs and fails at once above it", async () => {
    const limitedMs = (ms: string): TokenAnswer => (n) =>
      n === 1 ? new HttpResponse(null, { status: 429, headers: { "retry-after-ms": ms } }) : bearerToken(n);
    const within = tokenEndpoint(limitedMs("5"));
    apiEndpoint();
    expect(await tokenUsed(await client({ maxRetryAfterMs: 20 }).get())).toBe("tok-2");
    expect(within).toHaveLength(2);
    const above = tokenEndpoint(limitedMs("21"));
    expect(await failure(client({ maxRetryAfterMs: 20 }).get())).toMatchObject({ status: 429, retryAfterMs: 21 });
    expect(above).toHaveLength(1);
  });

  it("fails with TokenRequestError after tokenRetries retries of a 503, never calling the API", async () => {
    const tokens = tokenEndpoint(() => new HttpResponse("unavailable", { status: 503 }));
    const api = apiEndpoint();
    const { get, events } = client({ tokenRetries: 3 });
    const error = await failure(get());
    expect(error).toMatchObject({ status: 503, url: TOKEN_URL, method: "POST", detail: "unavailable" });
    expect(tokens).toHaveLength(4);
    expect(api).toHaveLength(0);
    const waits = events.filter((e) => e["action"] === "backoff").map((e) => e["delayMs"] as number);
    expect(waits).toHaveLength(3);
    // Exponential from 1 ms with jitter in [0.5, 1): 1, 2, 4 ms at most.
    waits.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(2 ** i));
  });

  it("fails with status 0 and the cause when the token endpoint cannot be reached", async () => {
    const tokens = tokenEndpoint(() => HttpResponse.error());
    const api = apiEndpoint();
    const error = await failure(client({ tokenRetries: 1 }).get());
    expect(error.status).toBe(0);
    expect(error.cause).toBeInstanceOf(Error);
    expect(tokens).toHaveLength(2);
    expect(api).toHaveLength(0);
  });

  it("fails at once on invalid_client, with the OAuth error as errorCode", async () => {
    const tokens = tokenEndpoint(() =>
      HttpResponse.json({ error: "invalid_client", error_description: "Invalid credentials" }, { status: 401 }),
    );
    const error = await failure(client().get());
    expect(error).toMatchObject({ status: 401, errorCode: "invalid_client", detail: "Invalid credentials" });
    expect(tokens).toHaveLength(1);
  });

  it("carries errorCode, detail and reason of an Atlas error body after the last retry", async () => {
    const tokens = tokenEndpoint(() =>
      HttpResponse.json(
        { error: 429, errorCode: "RATE_LIMITED", detail: "Too many token requests.", reason: "Too Many Requests" },
        { status: 429 },
      ),
    );
    const error = await failure(client({ tokenRetries: 0 }).get());
    expect(error.toJSON()).toEqual({
      name: "TokenRequestError",
      message: `Service account auth: POST ${TOKEN_URL} answered 429 RATE_LIMITED: Too many token requests.`,
      status: 429,
      errorCode: "RATE_LIMITED",
      detail: "Too many token requests.",
      reason: "Too Many Requests",
      method: "POST",
      url: TOKEN_URL,
      mayHaveActed: false,
    });
    expect(tokens).toHaveLength(1);
  });

  it("cuts a long non-JSON error body short", async () => {
    tokenEndpoint(() => new HttpResponse(`<html>${"x".repeat(1000)}</html>`, { status: 403 }));
    const error = await failure(client().get());
    expect(error.detail).toHaveLength(201);
    // The text a person would read: tags stripped, as for an API error page.
    expect(error.detail).toMatch(/^x{200}…$/);
  });

  it("fails with INVALID_TOKEN_RESPONSE when a 200 carries no access_token", async () => {
    tokenEndpoint(() => new HttpResponse("not json", { status: 200 }));
    const api = apiEndpoint();
    const error = await failure(client().get());
    expect(error).toMatchObject({ status: 200, errorCode: "INVALID_TOKEN_RESPONSE" });
    expect(api).toHaveLength(0);
  });
});

describe("serviceAccountAuth and abort signals", () => {
  it("stops waiting out a Retry-After when the API request is aborted", async () => {
    const controller = new AbortController();
    const tokens = tokenEndpoint(() => new HttpResponse(null, { status: 429, headers: { "Retry-After": "20" } }));
    const api = apiEndpoint();
    const events: LogEvent[] = [];
    const auth = serviceAccountAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const send = auth.wrap({
      fetch: (r) => globalThis.fetch(r),
      userAgent: USER_AGENT,
      logger: {
        debug: (event) => {
          events.push(event);
          // Once the wait has begun.
          if (event["action"] === "backoff") setTimeout(() => controller.abort(new Error("caller gave up")), 1);
        },
      },
    });
    await expect(send(new Request(API_URL, { signal: controller.signal }))).rejects.toThrow("caller gave up");
    expect(events.find((e) => e["action"] === "backoff")?.["delayMs"]).toBe(20_000);
    expect(tokens).toHaveLength(1);
    expect(api).toHaveLength(0);
  });

  it("does not back off when the caller gave up while the token endpoint answered", async () => {
    const controller = new AbortController();
    let tokenRequests = 0;
    const busy: FetchLike = async () => {
      tokenRequests += 1;
      controller.abort(new Error("gave up"));
      return new Response(null, { status: 503, headers: { "Retry-After": "30" } });
    };
    const { get } = client({}, busy);
    await expect(get({ signal: controller.signal })).rejects.toThrow("gave up");
    expect(tokenRequests).toBe(1);
  });

  it("sends nothing for a request aborted before it starts", async () => {
    const { get } = client();
    await expect(get({ signal: AbortSignal.abort(new Error("too late")) })).rejects.toThrow("too late");
  });

  it("lets one caller give up while another still gets the shared token", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tokens = tokenEndpoint(async (n) => {
      await gate;
      return bearerToken(n);
    });
    apiEndpoint();
    const { get } = client();
    const controller = new AbortController();
    const leaving = get({ signal: controller.signal });
    const staying = get();
    await expect.poll(() => tokens.length).toBe(1);
    controller.abort(new Error("left"));
    await expect(leaving).rejects.toThrow("left");
    release();
    expect(await tokenUsed(await staying)).toBe("tok-1");
  });

  it("aborts the token request once every caller waiting for it has given up", async () => {
    const tokenSignals: AbortSignal[] = [];
    const hang: FetchLike = (request) => {
      tokenSignals.push(request.signal);
      return new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    };
    const { get } = client({}, hang);
    const controller = new AbortController();
    const call = get({ signal: controller.signal });
    await expect.poll(() => tokenSignals.length).toBe(1);
    controller.abort(new Error("bye"));
    await expect(call).rejects.toThrow("bye");
    expect(tokenSignals[0]?.aborted).toBe(true);
  });
});

describe("serviceAccountAuth revoke", () => {
  it("POSTs the token to the revoke endpoint with the Basic header and forgets it", async () => {
    const tokens = tokenEndpoint((n) => HttpResponse.json({ access_token: jwt({ n }), expires_in: 3600 }));
    apiEndpoint();
    const revokes = revokeEndpoint();
    const { get, auth } = client();
    const token = await tokenUsed(await get());
    await auth.revoke();
    expect(revokes).toHaveLength(1);
    expect(revokes[0]?.body).toBe(`token=${token}&token_type_hint=access_token`);
    expect(revokes[0]?.headers.get("Authorization")).toBe(BASIC);
    expect(revokes[0]?.headers.get("Content-Type")).toBe("application/x-www-form-urlencoded");
    expect(revokes[0]?.headers.get("User-Agent")).toBe(USER_AGENT);
    expect(await tokenUsed(await get())).not.toBe(token);
    expect(tokens).toHaveLength(2);
  });

  it("form-encodes the token in the revoke body", async () => {
    tokenEndpoint(() => HttpResponse.json({ access_token: "a+b/c=", expires_in: 3600 }));
    apiEndpoint();
    const revokes = revokeEndpoint();
    const { get, auth } = client();
    await get();
    await auth.revoke();
    expect(new URLSearchParams(revokes[0]?.body).get("token")).toBe("a+b/c=");
  });

  it("uses revokeUrl when it is given", async () => {
    tokenEndpoint();
    apiEndpoint();
    const revokes = revokeEndpoint("https://idp.example.com/revoke");
    const { get, auth } = client({ revokeUrl: "https://idp.example.com/revoke" });
    await get();
    await auth.revoke();
    expect(revokes).toHaveLength(1);
  });

  it("sends nothing when no token is cached", async () => {
    await expect(client().auth.revoke()).resolves.toBeUndefined();
  });

  it("fails with TokenRequestError when the endpoint refuses, still forgetting the token", async () => {
    const tokens = tokenEndpoint();
    apiEndpoint();
    server.use(http.post(REVOKE_URL, () => HttpResponse.json({ error: "invalid_request" }, { status: 400 })));
    const { get, auth } = client();
    await get();
    const error = await failure(auth.revoke());
    expect(error).toMatchObject({ status: 400, errorCode: "invalid_request", url: REVOKE_URL });
    await get();
    expect(tokens).toHaveLength(2);
  });

  it("fails with status 0 when the revoke endpoint cannot be reached", async () => {
    tokenEndpoint();
    apiEndpoint();
    server.use(http.post(REVOKE_URL, () => HttpResponse.error()));
    const { get, auth } = client();
    await get();
    expect((await failure(auth.revoke())).status).toBe(0);
  });
});

describe("serviceAccountAuth keeps secrets out of errors and logs", () => {
  const credentials = BASIC.slice("Basic ".length);

  function expectNoSecret(text: string | undefined, token?: string): void {
    for (const secret of [CLIENT_SECRET, credentials, ...(token === undefined ? [] : [token])]) {
      expect(text ?? "").not.toContain(secret);
    }
  }

  function expectCleanError(error: TokenRequestError, token?: string): void {
    expectNoSecret(JSON.stringify(error), token);
    expectNoSecret(String(error), token);
    expectNoSecret(error.stack, token);
  }

  it.each([
    ["401 invalid_client", () => HttpResponse.json({ error: "invalid_client" }, { status: 401 })],
    ["persistent 503", () => new HttpResponse(null, { status: 503 })],
    ["no answer", () => HttpResponse.error()],
  ])("holds no secret in the error for a %s", async (_, answer: TokenAnswer) => {
    tokenEndpoint(answer);
    expectCleanError(await failure(client().get()));
  });

  it("masks the secret and the Basic credentials that an endpoint echoes back", async () => {
    const description = `bad ${BASIC} for ${CLIENT_SECRET}`;
    tokenEndpoint(() => HttpResponse.json({ error: "invalid_client", error_description: description }, { status: 401 }));
    const error = await failure(client().get());
    expect(error.detail).toBe("bad Basic [REDACTED] for [REDACTED]");
    expectCleanError(error);
  });

  it("masks the token that a revoke endpoint echoes back", async () => {
    tokenEndpoint();
    apiEndpoint();
    server.use(
      http.post(REVOKE_URL, async ({ request }) => {
        return new HttpResponse(`cannot revoke ${await request.text()}`, { status: 503 });
      }),
    );
    const { get, auth } = client();
    await get();
    const error = await failure(auth.revoke());
    expect(error.detail).toBe("cannot revoke token=[REDACTED]&token_type_hint=access_token");
    expectCleanError(error, "tok-1");
  });

  it("masks a token that a revoke endpoint echoes back form-encoded", async () => {
    tokenEndpoint(() => HttpResponse.json({ access_token: "a+b/c=", expires_in: 3600 }));
    apiEndpoint();
    server.use(http.post(REVOKE_URL, async ({ request }) => new HttpResponse(`cannot revoke ${await request.text()}`, { status: 400 })));
    const { get, auth } = client();
    await get();
    const error = await failure(auth.revoke());
    expect(error.detail).toBe("cannot revoke token=[REDACTED]&token_type_hint=access_token");
    expectCleanError(error, encodeURIComponent("a+b/c="));
  });

  it("logs requests, receipt with expiry, backoff, refresh and revoke without a secret or token", async () => {
    const token = jwt({ exp: 4_102_444_800 });
    const tokens = tokenEndpoint((n) =>
      n === 1
        ? new HttpResponse(null, { status: 429, headers: { "Retry-After": "0" } })
        : HttpResponse.json({ access_token: `${token}${n}` }),
    );
    apiEndpoint((t) => t === `${token}2`);
    revokeEndpoint();
    const { get, auth, events } = client();
    await get();
    await auth.revoke();
    expect(tokens).toHaveLength(3);
    expect(events.map((e) => e["action"])).toEqual([
      "token-requested",
      "backoff",
      "token-requested",
      "token-received",
      "api-unauthorized",
      "token-requested",
      "token-refreshed",
      "token-revoked",
    ]);
    expect(events.every((e) => e.event === "auth")).toBe(true);
    expect(events.find((e) => e["action"] === "token-received")?.["expiresAt"]).toBe("2100-01-01T00:00:00.000Z");
    expectNoSecret(JSON.stringify(events), token);
  });

  it("redacts a tokenUrl's userinfo and secret parameters in the token-requested event and in the error's message and url", async () => {
    const url = "https://proxy-user:proxy-pass@auth.example/oauth/token?client_secret=qs-secret-1&tenant=t1";
    tokenEndpoint(() => HttpResponse.json({ error: "invalid_client" }, { status: 401 }), "https://auth.example/oauth/token");
    const { get, events } = client({ tokenUrl: url });
    const error = await failure(get());
    const redacted = "https://auth.example/oauth/token?client_secret=[REDACTED]&tenant=t1";
    expect(error.url).toBe(redacted);
    expect(error.message).toContain(`POST ${redacted} `);
    expect(events.find((e) => e["action"] === "token-requested")?.["url"]).toBe(redacted);
    for (const text of [JSON.stringify(error), String(error), error.stack, JSON.stringify(events)]) {
      expect(text).not.toMatch(/proxy-pass|qs-secret-1/);
    }
  });

  it("masks a bearer token that is not JWT-shaped when an API error body echoes it bare", async () => {
    const token = "opaque.token-7f3a9c";
    tokenEndpoint(() => HttpResponse.json({ access_token: token, expires_in: 3600 }));
    server.use(
      http.get(API_URL, ({ request }) => {
        const echoed = (request.headers.get("Authorization") ?? "").replace(/^Bearer /, "");
        return HttpResponse.json({ error: 400, errorCode: "INVALID_REQUEST", detail: `token ${echoed} is not allowed here` }, { status: 400 });
      }),
    );
    const atlas = createAtlasClient({ auth: serviceAccountAuth({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }), retry: false });
    const result = await atlas.GET("/api/atlas/v2/orgs");
    expect(result.error?.detail).toBe("token [REDACTED] is not allowed here");
    const thrown = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e as Error;
      }
      return expect.unreachable("unwrap should throw");
    })();
    for (const text of [JSON.stringify(result.error), thrown.message, JSON.stringify(thrown), thrown.stack]) expect(text).not.toContain(token);
  });
});
