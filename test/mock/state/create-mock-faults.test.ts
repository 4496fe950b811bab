import { http as mswHttp, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AtlasConnectionError, createAtlasClient, digestAuth, serviceAccountAuth } from "../../../src/index.js";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { startMockServer } from "../../../src/mock/adapters/start-mock-server.js";
import type { MockFaults } from "../../../src/mock/state/create-mock-faults.js";
import type { MockState } from "../../../src/mock/state/create-mock-state.js";
import { getToken, json, v2Caller } from "../mock-helpers.js";

let clock = 1_000_000;
const mock = createAtlasMock({ now: () => clock });
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
let token = "";
const call = v2Caller(BASE, () => token);
const ORG = mock.credentials.orgId;
const teamsNamed = (name: string) => [...mock.state.teams.values()].filter((team) => team.name === name);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterEach(() => mock.faults.clear());
afterAll(() => server.close());

describe("faults", () => {
  it("answers the next N calls with the given status, errorCode and Retry-After, then recovers", async () => {
    mock.faults.failNext(2, { status: 503, retryAfter: 3 });
    for (let i = 0; i < 2; i += 1) {
      const response = await call("GET", "/orgs");
      expect(response.status).toBe(503);
      expect(response.headers.get("Retry-After")).toBe("3");
      expect((await json(response)).errorCode).toBe("SERVICE_UNAVAILABLE");
    }
    expect((await call("GET", "/orgs")).status).toBe(200);
  });

  it("uses the errorCode given", async () => {
    mock.faults.failNext(1, { status: 500, errorCode: "UNEXPECTED_ERROR" });
    expect((await json(await call("GET", "/orgs"))).errorCode).toBe("UNEXPECTED_ERROR");
  });

  it("sends a body given as a string as text (a proxy's HTML page)", async () => {
    mock.faults.failNext(1, { status: 502, body: "<html>bad gateway</html>" });
    const response = await call("GET", "/orgs");
    expect(response.status).toBe(502);
    expect(response.headers.get("Content-Type")).toBe("text/plain");
    expect(await response.text()).toBe("<html>bad gateway</html>");
  });

  it("sends a body given as an object as JSON", async () => {
    mock.faults.failNext(1, { status: 418, body: { teapot: true } });
    expect(await json(await call("GET", "/orgs"))).toEqual({ teapot: true });
  });

  it("names a status it has no code for UNEXPECTED_ERROR", async () => {
    mock.faults.failNext(1, { status: 418 });
    expect((await json(await call("GET", "/orgs"))).errorCode).toBe("UNEXPECTED_ERROR");
  });

  it("drops the next N connections, then answers", async () => {
    mock.faults.dropNext(1);
    await expect(call("GET", "/orgs")).rejects.toThrow();
    expect(mock.state.requests.at(-1)?.status).toBe(0);
    expect((await call("GET", "/orgs")).status).toBe(200);
  });

  it("drops the answer of a call it acted on with after: handled (the team exists, the caller got no answer)", async () => {
    mock.faults.dropNext(1, { after: "handled" });
    await expect(call("POST", `/orgs/${ORG}/teams`, { name: "raw-handled", usernames: [] })).rejects.toThrow(TypeError);
    expect(teamsNamed("raw-handled")).toHaveLength(1);
    expect(mock.state.requests.at(-1)).toMatchObject({ method: "POST", status: 0, principal: "serviceAccount" });
    expect((await call("GET", "/orgs")).status).toBe(200);
  });

  it("still answers with latency switched on", async () => {
    mock.faults.latency(5);
    expect((await call("GET", "/orgs")).status).toBe(200);
  });

  it("rate limits API calls: RateLimit-* headers, then 429 RATE_LIMITED with Retry-After until the window passes", async () => {
    mock.faults.rateLimit({ limit: 2, windowMs: 10_000 });
    const first = await call("GET", "/orgs");
    expect(first.headers.get("RateLimit-Limit")).toBe("2");
    expect(first.headers.get("RateLimit-Remaining")).toBe("1");
    await call("GET", "/orgs");
    const limited = await call("GET", "/orgs");
    expect(limited.status).toBe(429);
    expect((await json(limited)).errorCode).toBe("RATE_LIMITED");
    expect(limited.headers.get("Retry-After")).toBe("10");
    expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
    clock += 10_000;
    expect((await call("GET", "/orgs")).status).toBe(200);
  });

  it("leaves Retry-After out when asked to", async () => {
    mock.faults.rateLimit({ limit: 1, windowMs: 1000, retryAfter: false });
    await call("GET", "/orgs");
    const limited = await call("GET", "/orgs");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBeNull();
  });

  it("does not apply to the token endpoint", async () => {
    mock.faults.failNext(1, { status: 503 });
    const fresh = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
    expect(fresh).toMatch(/\./);
    expect((await call("GET", "/orgs")).status).toBe(503);
  });
});

describe("faults through the client", () => {
  const atlas = () => createAtlasClient({ auth: digestAuth(mock.credentials.apiKey), retry: { baseDelayMs: 1 } });

  it("never re-sends a create whose answer was lost after the mock acted on it", async () => {
    const seen = mock.state.requests.length;
    mock.faults.dropNext(1, { after: "handled" });
    const created = atlas().POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG } }, body: { name: "lost-answer", usernames: [] } });
    await expect(created).rejects.toBeInstanceOf(AtlasConnectionError);
    expect(teamsNamed("lost-answer")).toHaveLength(1);
    const posts = mock.state.requests.slice(seen).filter((record) => record.method === "POST" && record.principal !== undefined);
    expect(posts).toEqual([{ method: "POST", url: `/api/atlas/v2/orgs/${ORG}/teams`, status: 0, principal: "apiKey" }]);
  });

  it("retries a GET whose answer was lost after the mock handled it, and gets the answer", async () => {
    mock.faults.dropNext(1, { after: "handled" });
    const { data, response } = await atlas().GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG } } });
    expect(response.status).toBe(200);
    expect(data?.id).toBe(ORG);
    expect(mock.state.requests.filter((record) => record.principal === "apiKey").map((record) => record.status).slice(-2)).toEqual([0, 200]);
  });
});

describe("latency longer than the client's timeout: msw handlers and the HTTP server act alike", () => {
  interface Target {
    readonly baseUrl: string;
    readonly state: MockState;
    readonly faults: MockFaults;
    readonly credentials: typeof mock.credentials;
  }

  /**
   * What one mock does when every API call waits 400 ms and the client gives up after 100:
   * the caller's view of a create and of a read (retried twice), and what the mock logged
   * and stored once its wait was over.
   */
  async function underLatency(target: Target) {
    // One auth strategy, so the token fetched by the warm-up call serves the slow client too.
    const auth = serviceAccountAuth(target.credentials.serviceAccount);
    const client = createAtlasClient({ baseUrl: target.baseUrl, auth, timeoutMs: 100, retry: { retries: 2, baseDelayMs: 1 } });
    const orgId = target.credentials.orgId;
    expect((await createAtlasClient({ baseUrl: target.baseUrl, auth }).GET("/api/atlas/v2/orgs")).response.status).toBe(200);
    target.faults.latency(400);
    const created = await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId } }, body: { name: "slow", usernames: [] } }).catch((error: unknown) => error);
    const read = await client.GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId } } }).catch((error: unknown) => error);
    const apiCalls = () => target.state.requests.filter((record) => record.principal === "serviceAccount").slice(1);
    await vi.waitFor(() => expect(apiCalls()).toHaveLength(4), { timeout: 3000, interval: 20 });
    target.faults.latency(0);
    return {
      created: created instanceof AtlasConnectionError ? { kind: created.kind, mayHaveActed: created.mayHaveActed } : created,
      read: read instanceof AtlasConnectionError ? { kind: read.kind, attempts: read.attempts } : read,
      log: apiCalls().map(({ method, status }) => `${method} ${status}`).sort(),
      teams: [...target.state.teams.values()].filter((team) => team.name === "slow").length,
    };
  }

  const expected = {
    created: { kind: "timeout", mayHaveActed: true },
    read: { kind: "timeout", attempts: 3 },
    // Each call arrived, waited, and was answered to a client that had left: the create acted once.
    log: ["GET 200", "GET 200", "GET 200", "POST 200"],
    teams: 1,
  };

  it("the msw handlers: the client times out, the create is not re-sent, and the mock acts once its wait is over", async () => {
    const msw = createAtlasMock({ baseUrl: "https://latency.example", tokenRateLimit: false });
    server.use(...msw.handlers);
    expect(await underLatency(msw)).toEqual(expected);
  });

  it("the HTTP server: the same", async () => {
    const http = await startMockServer({ tokenRateLimit: false });
    server.use(mswHttp.all(`${http.url}/*`, () => passthrough()));
    try {
      expect(await underLatency({ ...http, baseUrl: http.url })).toEqual(expected);
    } finally {
      await http.close();
    }
  });
});
