/**
 * The mock's token buckets, met through raw requests on the mock's own clock.
 */
import { describe, expect, it } from "vitest";
import { createMockCore } from "../../../src/mock/core/create-mock-core.js";
import type { MockOptions } from "../../../src/mock/core/mock-options.js";
import { atlasRateLimits, type MockRateLimits } from "../../../src/mock/rate-limits/mock-rate-limits.js";
import { json, v2Headers } from "../mock-helpers.js";

const BASE = "http://mock.test";
const TEAMS = "/api/atlas/v2/orgs/{orgId}/teams";

function setup(rateLimits: MockRateLimits | false, options: MockOptions = {}) {
  let now = Date.parse("2026-11-27T00:00:00Z");
  const core = createMockCore({ rateLimits, now: () => now, ...options });
  const { clientId, clientSecret } = core.credentials.serviceAccount;
  const newToken = () => core
    .handle(
      new Request(`${BASE}/api/oauth/token`, {
        method: "POST",
        headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials",
      }),
    )
    .then(async (response) => ((await response.json()) as { access_token: string }).access_token);
  let token = newToken();
  const call = async (method: string, path: string, body?: unknown) =>
    core.handle(new Request(`${BASE}${path}`, { method, headers: v2Headers("2023-01-01", await token), ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
  const orgId = core.credentials.orgId;
  const createTeam = (name: string) => call("POST", `/api/atlas/v2/orgs/${orgId}/teams`, { name, usernames: [] });
  const renewToken = () => (token = newToken());
  return { core, call, createTeam, orgId, renewToken, advance: (ms: number) => (now += ms) };
}

const teamSet = (capacity: number, refillRate: number, refillDurationSeconds: number): MockRateLimits => ({
  sets: [{ id: "createTeam_org", scope: "ORGANIZATION", endpoints: [{ method: "POST", path: TEAMS }], capacity, refillRate, refillDurationSeconds }],
});

describe("mock rate limits", () => {
  it("puts RateLimit-Limit and RateLimit-Remaining on every v2 answer, counting down per call", async () => {
    const { call, orgId } = setup(teamSet(3, 1, 60));
    const first = await call("GET", `/api/atlas/v2/orgs/${orgId}`);
    const second = await call("GET", `/api/atlas/v2/orgs/${orgId}`);
    expect([first.headers.get("RateLimit-Limit"), first.headers.get("RateLimit-Remaining")]).toEqual(["10000", "9999"]);
    expect(second.headers.get("RateLimit-Remaining")).toBe("9998");
  });

  it("answers an empty bucket with 429 RATE_LIMITED_TOKEN_BUCKET, Retry-After in whole seconds and the documented parameters", async () => {
    const { createTeam, advance } = setup(teamSet(2, 5, 60));
    expect((await createTeam("a")).headers.get("RateLimit-Remaining")).toBe("1");
    expect((await createTeam("b")).headers.get("RateLimit-Remaining")).toBe("0");
    advance(5_500);
    const refused = await createTeam("c");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("55");
    expect(await json(refused)).toEqual({
      detail: "Rate limit exceeded for api/atlas/v2/orgs/{orgId}/teams. Please retry after 55 seconds. Request capacity: 2. Refill rate: 5 per 60 seconds.",
      error: 429,
      errorCode: "RATE_LIMITED_TOKEN_BUCKET",
      parameters: ["api/atlas/v2/orgs/{orgId}/teams", 55, 2, 5, 60],
      reason: "Too Many Requests",
    });
  });

  it("refills refillRate tokens at the end of each period, never above the capacity, and a refused call did nothing", async () => {
    const { core, createTeam, advance } = setup(teamSet(3, 2, 1));
    for (const name of ["a", "b", "c"]) expect((await createTeam(name)).status).toBe(200);
    expect((await createTeam("refused")).status).toBe(429);
    expect([...core.state.teams.values()].map((team) => team.name)).not.toContain("refused");
    advance(999);
    expect((await createTeam("early")).status).toBe(429);
    advance(1);
    expect((await createTeam("d")).headers.get("RateLimit-Remaining")).toBe("1");
    advance(10_000);
    expect((await createTeam("e")).headers.get("RateLimit-Remaining")).toBe("2");
  });

  it("keeps one bucket per scope value: another endpoint set, or the same set for another organization, is not drawn from", async () => {
    const { call, createTeam, orgId } = setup(teamSet(1, 1, 60));
    expect((await createTeam("a")).status).toBe(200);
    expect((await createTeam("b")).status).toBe(429);
    expect((await call("GET", `/api/atlas/v2/orgs/${orgId}/teams`)).status).toBe(200);
    const elsewhere = await call("POST", "/api/atlas/v2/orgs/0123456789abcdef01234567/teams", { name: "x", usernames: [] });
    expect(elsewhere.status).not.toBe(429);
  });

  it("with the preset, creating organizations has Atlas's documented limit: 10, refilled by 5 every 60 seconds", async () => {
    const { call } = setup(atlasRateLimits);
    const answers: Response[] = [];
    for (let n = 0; n < 11; n++) answers.push(await call("POST", "/api/atlas/v2/orgs", { name: `org-${n}` }));
    expect(answers[0]?.headers.get("RateLimit-Limit")).toBe("10");
    const refused = answers[10] as Response;
    expect(refused.status).toBe(429);
    expect((await json(refused)).parameters).toEqual(["api/atlas/v2/orgs", 60, 10, 5, 60]);
  });

  it("with rateLimits: false sends no RateLimit headers and never refuses", async () => {
    const { createTeam } = setup(false);
    const answers = await Promise.all(["a", "b", "c"].map(createTeam));
    expect(answers.map((answer) => [answer.status, answer.headers.get("RateLimit-Limit")])).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
  });

  it("forgets spent tokens on reset", async () => {
    const { core, createTeam, renewToken } = setup(teamSet(1, 1, 60));
    await createTeam("a");
    core.reset();
    renewToken();
    expect((await createTeam("a")).status).toBe(200);
  });

  it("keeps the simple rate-limit fault working beside the buckets", async () => {
    const { core, call, orgId } = setup(teamSet(5, 5, 60));
    core.faults.rateLimit({ limit: 1, windowMs: 60_000 });
    expect((await call("GET", `/api/atlas/v2/orgs/${orgId}`)).status).toBe(200);
    const refused = await call("GET", `/api/atlas/v2/orgs/${orgId}`);
    expect(refused.status).toBe(429);
    expect((await json(refused)).errorCode).toBe("RATE_LIMITED");
  });
});
