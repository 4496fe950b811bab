/**
 * Pacing under token buckets, through the public client against the mock's buckets (short
 * refill periods; `Retry-After` stays whole seconds, as Atlas sends it).
 */
import { describe, expect, it } from "vitest";
import { AtlasConnectionError, createAtlasClient, digestAuth, RateLimitError, serviceAccountAuth, type ClientOptions } from "../../src/index.js";
import { createAtlasMock } from "../../src/mock/adapters/create-atlas-mock.js";
import type { MockRateLimits } from "../../src/mock/rate-limits/mock-rate-limits.js";
import { captureLogger, useMswServer } from "../support/msw.js";

const server = useMswServer();
const TEAMS = "/api/atlas/v2/orgs/{orgId}/teams";

/** A mock whose team creates draw from one bucket per organization. */
function mockWith(capacity: number, refillRate: number, refillDurationSeconds: number, extra: MockRateLimits = {}) {
  const set = { id: "createTeam_org", scope: "ORGANIZATION" as const, endpoints: [{ method: "POST", path: TEAMS }], capacity, refillRate, refillDurationSeconds };
  const mock = createAtlasMock({ rateLimits: { ...extra, sets: [set] } });
  server.use(...mock.handlers);
  const client = (options: ClientOptions = {}) => createAtlasClient({ auth: digestAuth(mock.credentials.apiKey), ...options });
  const refused = () => mock.state.requests.filter((request) => request.status === 429).length;
  const creates = (which: (status: number) => boolean) => mock.state.requests.filter((request) => request.method === "POST" && request.url.endsWith("/teams") && which(request.status)).length;
  return { mock, client, refused, creates };
}

function createTeams(client: ReturnType<typeof createAtlasClient>, orgId: string, names: readonly string[], init: { signal?: AbortSignal } = {}) {
  return Promise.all(names.map((name) => client.POST(TEAMS, { params: { path: { orgId } }, body: { name, usernames: [] }, ...init })));
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, n) => `${prefix}-${n}`);

/** A fetch that counts the requests in flight through it: `now` at any moment, `most` at once. */
function countingFetch() {
  const count = { now: 0, most: 0 };
  const send = async (request: Request): Promise<Response> => {
    count.now += 1;
    count.most = Math.max(count.most, count.now);
    try {
      return await fetch(request);
    } finally {
      count.now -= 1;
    }
  };
  return { send, count };
}

describe("withRateLimit (through createAtlasClient)", () => {
  it("holds calls beyond the bucket in a queue: 12 concurrent creates against 4 tokens all succeed, with one 429 to learn the refill", async () => {
    const { mock, client, refused } = mockWith(4, 4, 0.2);
    const results = await createTeams(client(), mock.credentials.orgId, names("queued", 12));
    expect(results.map((result) => result.response.status)).toEqual(Array(12).fill(200));
    expect(refused()).toBe(1);
  });

  it("sends a create again after its 429 (nothing was done), and pauses the other queued calls instead of letting them be refused", async () => {
    const { mock, client, refused, creates } = mockWith(2, 2, 0.2);
    const results = await createTeams(client(), mock.credentials.orgId, names("again", 6));
    expect(results.every((result) => result.response.status === 200)).toBe(true);
    // Each team was created once; the refused call was sent again and nothing else was.
    expect(creates((status) => status === 200)).toBe(6);
    expect(refused()).toBe(1);
  });

  it("lets two clients sharing a bucket (two processes of one automation) both finish: each paces by the server's RateLimit-Remaining", async () => {
    const { mock, client } = mockWith(4, 4, 0.2);
    const [first, second] = await Promise.all([
      createTeams(client(), mock.credentials.orgId, names("first", 8)),
      createTeams(client(), mock.credentials.orgId, names("second", 8)),
    ]);
    expect([...first, ...second].map((result) => result.response.status)).toEqual(Array(16).fill(200));
  });

  it("lets two clients that know a shared bucket's refill (preload) split each period: all 20 calls succeed, at most 2 (one in ten) refused on the way", async () => {
    const { mock, client, refused } = mockWith(4, 4, 0.2);
    const options = { rateLimit: { preload: true } };
    const [first, second] = await Promise.all([
      createTeams(client(options), mock.credentials.orgId, names("first", 10)),
      createTeams(client(options), mock.credentials.orgId, names("second", 10)),
    ]);
    expect([...first, ...second].map((result) => result.response.status)).toEqual(Array(20).fill(200));
    // Each sees the count a round trip late; near the end of a refill each keeps one call in
    // flight, so the last tokens are not reached for twice. The goal is at most one in ten.
    expect(refused()).toBeLessThanOrEqual(2);
  });

  it("sees from its first answer that another client drew from the bucket, and then sends for the last 4 tokens one call at a time", async () => {
    const { mock, client, refused } = mockWith(12, 12, 60);
    mock.faults.latency(10);
    const auth = serviceAccountAuth(mock.credentials.serviceAccount);
    // The other client draws 2 of the 12 tokens first.
    await createTeams(client({ auth }), mock.credentials.orgId, names("other", 2));
    const teams = countingFetch();
    let remaining = Infinity;
    const sends: { remaining: number; inFlight: number }[] = [];
    const watching = async (request: Request) => {
      if (!request.url.includes("/teams")) return fetch(request);
      sends.push({ remaining, inFlight: teams.count.now });
      const response = await teams.send(request);
      remaining = Math.min(remaining, Number(response.headers.get("RateLimit-Remaining") ?? Infinity));
      return response;
    };
    const paced = client({ auth, fetch: watching, rateLimit: { maxWaitMs: 500 } });
    const results = await Promise.allSettled(names("late", 12).map((name) => createTeams(paced, mock.credentials.orgId, [name])));
    const ok = results.filter((result) => result.status === "fulfilled" && result.value[0]?.response.status === 200).length;
    const gaveUp = results.filter((result) => result.status === "rejected" && result.reason instanceof RateLimitError).length;
    // Its first call went alone and found 9 left of 12, with 1 drawn by it: 2 by another client.
    // It took the 10 left; one 429 then told it the refill is a minute away, and it gave up on the last 2.
    expect([ok, gaveUp]).toEqual([10, 2]);
    expect(refused()).toBe(1);
    const endGame = sends.filter((send) => send.remaining <= 4);
    expect(endGame.length).toBeGreaterThan(0);
    expect(endGame.map((send) => send.inFlight)).toEqual(endGame.map(() => 0));
    // Before the end game, more than one call was in flight at once.
    expect(Math.max(...sends.map((send) => send.inFlight))).toBeGreaterThan(1);
  });

  it("fails a call that would wait longer than maxWaitMs with RateLimitError, naming the limit and the wait", async () => {
    const { mock, client } = mockWith(1, 1, 60);
    const paced = client({ rateLimit: { maxWaitMs: 5_000 } });
    const orgId = mock.credentials.orgId;
    expect((await createTeams(paced, orgId, ["only"]))[0]?.response.status).toBe(200);
    const error = await createTeams(paced, orgId, ["over"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    const { limit, waitMs, maxWaitMs, message } = error as RateLimitError;
    expect(limit).toBe("api/atlas/v2/orgs/{orgId}/teams");
    expect(waitMs).toBeGreaterThan(50_000);
    expect(maxWaitMs).toBe(5_000);
    expect(message).toMatch(/rate limit api\/atlas\/v2\/orgs\/\{orgId\}\/teams would have kept the call waiting \d+ s/);
  });

  it("ends a wait when the request's signal aborts", async () => {
    const { mock, client } = mockWith(1, 1, 60);
    const paced = client();
    const orgId = mock.credentials.orgId;
    await createTeams(paced, orgId, ["first"]);
    // The second call's 429 says the refill is a minute away; both calls then wait until aborted.
    const controller = new AbortController();
    const waiting = [createTeams(paced, orgId, ["second"], { signal: controller.signal }), createTeams(paced, orgId, ["third"], { signal: controller.signal })];
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    const errors = await Promise.all(waiting.map((call) => call.catch((caught: unknown) => caught)));
    for (const error of errors) {
      expect(error).toBeInstanceOf(AtlasConnectionError);
      expect((error as AtlasConnectionError).kind).toBe("abort");
    }
  });

  it("with rateLimit: false leaves a 429 to the retries (here none), so the answer comes back as it is", async () => {
    const { mock, client, refused } = mockWith(1, 1, 60);
    const bare = client({ rateLimit: false, retry: { retries: 0 } });
    const [first, second] = await createTeams(bare, mock.credentials.orgId, ["a", "b"]);
    expect([first?.response.status, second?.response.status].sort()).toEqual([200, 429]);
    expect(refused()).toBe(1);
  });

  it("tells the logger once per wait which limit holds calls back and for how long; ordinary calls log no such event", async () => {
    const { mock, client } = mockWith(2, 2, 0.2);
    const { events, logger } = captureLogger();
    const paced = client({ logger });
    await createTeams(paced, mock.credentials.orgId, ["one"]);
    expect(events.filter((event) => event["event"] === "rate-limit")).toEqual([]);
    await createTeams(paced, mock.credentials.orgId, names("logged", 5));
    const waits = events.filter((event) => event["event"] === "rate-limit");
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.length).toBeLessThan(5);
    expect(waits[0]).toMatchObject({ limit: "api/atlas/v2/orgs/{orgId}/teams", waitMs: expect.any(Number), queued: expect.any(Number) });
  });

  it("keeps at most `concurrency` calls in flight; the rest wait in the client", async () => {
    const { mock, client } = mockWith(100, 100, 1);
    mock.faults.latency(20);
    const counting = countingFetch();
    const results = await createTeams(client({ fetch: counting.send, rateLimit: { concurrency: 2 } }), mock.credentials.orgId, names("capped", 8));
    expect(results.every((result) => result.response.status === 200)).toBe(true);
    expect(counting.count.most).toBe(2);
  });

  it("sends the first call of a new bucket alone, and after one that got no answer lets the others go together", async () => {
    const { mock, client } = mockWith(100, 100, 1);
    mock.faults.latency(20);
    let calls = 0;
    const counting = countingFetch();
    const failingFirst = async (request: Request) => {
      if (request.url.includes("/teams") && ++calls === 1) throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
      return counting.send(request);
    };
    // A service account: one token request, then the calls themselves (no Digest handshake in between).
    const paced = client({ fetch: failingFirst, retry: false, auth: serviceAccountAuth(mock.credentials.serviceAccount) });
    const results = await Promise.allSettled(names("together", 5).map((name) => createTeams(paced, mock.credentials.orgId, [name])));
    expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
    expect(counting.count.most).toBe(4);
  });

  it("with preload reads listRateLimits first and then paces without a single 429, failing what the refill cannot serve in time", async () => {
    const { mock, client, refused } = mockWith(3, 3, 60);
    const paced = client({ rateLimit: { preload: true, maxWaitMs: 2_000 } });
    const results = await Promise.allSettled(names("preloaded", 5).map((name) => createTeams(paced, mock.credentials.orgId, [name])));
    const statuses = results.map((result) => (result.status === "fulfilled" ? result.value[0]?.response.status : result.reason instanceof RateLimitError ? "RateLimitError" : result.reason));
    expect(statuses.sort()).toEqual([200, 200, 200, "RateLimitError", "RateLimitError"]);
    expect(mock.state.requests.find((request) => request.status !== 401)?.url).toMatch(/^\/api\/atlas\/v2\/rateLimits\?/);
    expect(refused()).toBe(0);
  });
});
