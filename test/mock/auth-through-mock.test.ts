/**
 * The auth strategies against the mock's access rules: a 401 that refuses an authenticated
 * caller without rights (USER_UNAUTHORIZED, NOT_ORG_OWNER) is an answer, not a reason to
 * fetch new credentials; only a 401 that blames the credentials is.
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAtlasClient, digestAuth, serviceAccountAuth, type ClientOptions } from "../../src/index.js";
import { createAtlasMock } from "../../src/mock/adapters/create-atlas-mock.js";
import type { LogEvent } from "../../src/types/index.js";

const START = Date.parse("2026-11-27T00:00:00Z");
let now = START;
const mock = createAtlasMock({ now: () => now });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
  now = START;
});
afterAll(() => server.close());

const { credentials } = mock;
/** An organization that exists but in which neither seeded credential has a role. */
const OTHER_ORG = "650000000000000000000099";

function addOtherOrg(state = mock.state): void {
  const createdAt = new Date(now).toISOString();
  state.organizations.set(OTHER_ORG, { id: OTHER_ORG, name: "Someone else's", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt });
}

const getOrg = (orgId: string) => ["/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId } } }] as const;
const apiRequests = (): number => mock.state.requests.filter((request) => !request.url.startsWith("/api/oauth/")).length;

function client(auth: ClientOptions["auth"], events: LogEvent[] = []) {
  return createAtlasClient({ auth, retry: false, logger: { debug: (event) => events.push(event) } });
}

describe("digestAuth against the mock's access rules", () => {
  it("costs N+1 requests for N calls to an organization the key has no role in, keeping the nonce", async () => {
    addOtherOrg();
    const events: LogEvent[] = [];
    const atlas = client(digestAuth(credentials.apiKey), events);
    for (let i = 0; i < 5; i++) {
      const { error, response } = await atlas.GET(...getOrg(OTHER_ORG));
      expect(response.status).toBe(401);
      expect(error).toMatchObject({ errorCode: "USER_UNAUTHORIZED" });
    }
    expect(apiRequests()).toBe(6);
    expect(events.filter((event) => event["message"] === "credentials rejected")).toEqual([]);
    expect((await atlas.GET(...getOrg(credentials.orgId))).response.status).toBe(200);
    expect(apiRequests()).toBe(7);
  });

  it("answers NOT_ORG_OWNER to a member key in N+1 requests", async () => {
    const memberKey = { publicKey: "memberky", privateKey: "11111111-2222-4333-8444-555555555555" };
    mock.state.apiKeys.set(memberKey.publicKey, { id: "650000000000000000000098", ...memberKey, desc: "member", globalOwner: false, roles: [{ orgId: credentials.orgId, roleName: "ORG_MEMBER" }] });
    const atlas = client(digestAuth(memberKey));
    for (let i = 0; i < 3; i++) {
      const { error } = await atlas.PATCH("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: credentials.orgId } }, body: { name: "renamed" } });
      expect(error).toMatchObject({ errorCode: "NOT_ORG_OWNER" });
    }
    expect(apiRequests()).toBe(4);
  });
});

describe("serviceAccountAuth against the mock's access rules", () => {
  it("costs 2 token requests and N+1 API requests for N calls to an organization the account has no role in", async () => {
    addOtherOrg();
    const events: LogEvent[] = [];
    const atlas = client(serviceAccountAuth(credentials.serviceAccount), events);
    for (let i = 0; i < 5; i++) {
      const { error } = await atlas.GET(...getOrg(OTHER_ORG));
      expect(error).toMatchObject({ errorCode: "USER_UNAUTHORIZED" });
    }
    expect(mock.state.counters.tokenRequests).toBe(2);
    expect(apiRequests()).toBe(6);
    expect((await atlas.GET(...getOrg(credentials.orgId))).response.status).toBe(200);
    expect(mock.state.counters.tokenRequests).toBe(2);
  });

  it("leaves the token endpoint's rate limit (10 a minute) unspent by 12 refused calls", async () => {
    // A mock of its own: a rate limit outlives `reset()`.
    const limited = createAtlasMock({ baseUrl: "https://limited.example" });
    server.use(...limited.handlers);
    addOtherOrg(limited.state);
    const auth = serviceAccountAuth({ ...limited.credentials.serviceAccount, tokenRetries: 0 });
    const atlas = createAtlasClient({ baseUrl: "https://limited.example", auth, retry: false });
    for (let i = 0; i < 12; i++) expect((await atlas.GET(...getOrg(OTHER_ORG))).response.status).toBe(401);
    expect((await atlas.GET(...getOrg(limited.credentials.orgId))).response.status).toBe(200);
    expect(limited.state.counters.tokenRequests).toBe(2);
  });

  it("replaces a replacement token the mock refuses as expired (invalid_token)", async () => {
    addOtherOrg();
    const atlas = client(serviceAccountAuth({ ...credentials.serviceAccount, now: () => START }));
    await atlas.GET(...getOrg(OTHER_ORG));
    expect(mock.state.counters.tokenRequests).toBe(2);
    // The mock's clock runs ahead of the client's, so the client still thinks its token fresh.
    now += 2 * 3_600_000;
    expect((await atlas.GET(...getOrg(credentials.orgId))).response.status).toBe(200);
    expect(mock.state.counters.tokenRequests).toBe(3);
  });
});
