/**
 * "Never creates twice", over real sockets: every create of every surface, against the mock
 * over HTTP, with the connection reset after the mock acted (not re-sent: one object, the
 * error says the server may have acted), reset on arrival (not re-sent either: the client
 * cannot tell it from the first case), and refused before any byte left (re-sent: safe).
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  AtlasConnectionError,
  createAtlasClient,
  createCloudManagerClient,
  createOpsManagerClient,
  digestAuth,
  type FetchLike,
  type LogEvent,
} from "../../src/index.js";
import { startMockServer, type MockServer } from "../../src/mock/server.js";
import type { MockState } from "../../src/mock/server.js";

const mock: MockServer = await startMockServer();
let serial = 0;

beforeEach(() => mock.reset());
afterAll(() => mock.close());

type Caller = (fetch?: FetchLike) => { POST: (path: never, init: never) => Promise<{ response: Response }>; GET: (path: never, init?: never) => Promise<unknown> };

/** One create: who sends it, where, with what body, and how many objects of its kind with this name exist. */
interface Create {
  readonly name: string;
  readonly client: Caller;
  readonly path: string;
  readonly params?: object;
  readonly body: (name: string) => unknown;
  readonly count: (state: MockState, name: string) => number;
  /** A GET that signs up the Digest nonce, so the create is one request. */
  readonly warm: string;
}

const orgOf = (state: MockState, name: string) => [...state.organizations.values()].filter((o) => o.name === name).length;
const teamOf = (state: MockState, name: string) => [...state.teams.values()].filter((t) => t.name === name).length;

function creates(): Create[] {
  const { credentials } = mock;
  const orgPath = { path: { orgId: credentials.orgId } };
  const saPath = { path: { orgId: credentials.orgId, clientId: credentials.serviceAccount.clientId } };
  const atlas: Caller = (fetch) => createAtlasClient({ baseUrl: mock.url, auth: digestAuth(credentials.apiKey), ...(fetch ? { fetch } : {}), retry: { baseDelayMs: 1 } }) as never;
  const cloud: Caller = (fetch) =>
    createCloudManagerClient({ baseUrl: mock.url, auth: digestAuth({ publicKey: credentials.user.username, privateKey: credentials.user.password }), ...(fetch ? { fetch } : {}), retry: { baseDelayMs: 1 } }) as never;
  const ops: Caller = (fetch) => createOpsManagerClient({ baseUrl: mock.url, auth: digestAuth(credentials.opsManagerApiKey), ...(fetch ? { fetch } : {}), retry: { baseDelayMs: 1 } }) as never;
  const owner = credentials.users[0]?.id ?? "";
  const sa = (state: MockState) => state.serviceAccounts.get(credentials.serviceAccount.clientId);
  // A secret or an access-list entry has no name: the test's name picks its expiry or its address.
  const hours = (name: string) => 1 + Number(name.replace(/\D/g, "")) % 100;
  const ip = (name: string) => `203.0.113.${Number(name.replace(/\D/g, "")) % 250}`;
  return [
    { name: "atlas v2 createOrg", client: atlas, path: "/api/atlas/v2/orgs", body: (name) => ({ name, orgOwnerId: owner }), count: orgOf, warm: "/api/atlas/v2/orgs" },
    {
      name: "atlas v2 createOrgServiceAccount",
      client: atlas,
      path: "/api/atlas/v2/orgs/{orgId}/serviceAccounts",
      params: orgPath,
      body: (name) => ({ name, description: "d", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 8 }),
      count: (state, name) => [...state.serviceAccounts.values()].filter((s) => s.name === name).length,
      warm: "/api/atlas/v2/orgs",
    },
    {
      name: "atlas v2 createOrgServiceAccountSecret",
      client: atlas,
      path: "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets",
      params: saPath,
      body: (name) => ({ secretExpiresAfterHours: hours(name) }),
      count: (state, name) => (sa(state)?.secrets ?? []).filter((s) => Math.round((s.expiresAtMs - Date.parse(s.createdAt)) / 3_600_000) === hours(name)).length,
      warm: "/api/atlas/v2/orgs",
    },
    {
      name: "atlas v2 createOrgServiceAccountAccessList",
      client: atlas,
      path: "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList",
      params: saPath,
      body: (name) => [{ ipAddress: ip(name) }],
      count: (state, name) => (sa(state)?.accessList ?? []).filter((e) => e.ipAddress === ip(name) || e.cidrBlock === `${ip(name)}/32`).length,
      warm: "/api/atlas/v2/orgs",
    },
    { name: "atlas v2 createOrgTeam", client: atlas, path: "/api/atlas/v2/orgs/{orgId}/teams", params: orgPath, body: (name) => ({ name, usernames: [] }), count: teamOf, warm: "/api/atlas/v2/orgs" },
    { name: "atlas v1.0 createOrgV1", client: atlas, path: "/api/atlas/v1.0/orgs", body: (name) => ({ name, orgOwnerId: owner }), count: orgOf, warm: "/api/atlas/v1.0/orgs" },
    { name: "atlas v1.0 createTeamV1", client: atlas, path: "/api/atlas/v1.0/orgs/{orgId}/teams", params: orgPath, body: (name) => ({ name, usernames: [] }), count: teamOf, warm: "/api/atlas/v1.0/orgs" },
    { name: "cloud manager createOrg", client: cloud, path: "/api/public/v1.0/orgs", body: (name) => ({ name }), count: orgOf, warm: "/api/public/v1.0/orgs" },
    { name: "cloud manager createTeam", client: cloud, path: "/api/public/v1.0/orgs/{orgId}/teams", params: orgPath, body: (name) => ({ name, usernames: [] }), count: teamOf, warm: "/api/public/v1.0/orgs" },
    {
      name: "ops manager createOrg",
      client: ops,
      path: "/api/public/v1.0/orgs",
      body: (name) => ({ name, ldapGroupMappings: [{ roleName: "ORG_OWNER", ldapGroups: ["admins"] }] }),
      count: orgOf,
      warm: "/api/public/v1.0/orgs",
    },
    { name: "ops manager createTeam", client: ops, path: "/api/public/v1.0/orgs/{orgId}/teams", params: orgPath, body: (name) => ({ name, usernames: [] }), count: teamOf, warm: "/api/public/v1.0/orgs" },
  ];
}

/** POSTs the mock saw on the create's path (dropped ones included). */
function postsTo(create: Create): number {
  const pattern = new RegExp(`^${create.path.replace(/\{\w+\}/g, "[^/]+")}(\\?|$)`);
  return mock.state.requests.filter((r) => r.method === "POST" && pattern.test(r.url)).length;
}

/** Warms a new client, lets `fault` set the mock up, then sends the create once. */
async function send(create: Create, fault: () => void, fetch?: FetchLike): Promise<{ name: string; outcome: unknown }> {
  const name = `once-${++serial}`;
  const client = create.client(fetch);
  await client.GET(create.warm as never);
  fault();
  const outcome = await client.POST(create.path as never, { ...(create.params ? { params: create.params } : {}), body: create.body(name) } as never).catch((e: unknown) => e);
  return { name, outcome };
}

describe.each(creates().map((c) => [c.name, c] as const))("never creates twice over a real connection: %s", (_, c) => {
  it("a reset after the server acted is not re-sent: one object, and the error says the server may have acted", async () => {
    const before = postsTo(c);
    const { name, outcome } = await send(c, () => mock.faults.dropNext(1, { after: "handled" }));
    expect(outcome).toBeInstanceOf(AtlasConnectionError);
    expect(outcome).toMatchObject({ kind: "network", mayHaveActed: true, attempts: 1 });
    expect(postsTo(c) - before).toBe(1);
    expect(c.count(mock.state, name)).toBe(1);
  });

  it("a reset on arrival is not re-sent either (the client cannot tell it from the first case): nothing created", async () => {
    const before = postsTo(c);
    const { name, outcome } = await send(c, () => mock.faults.dropNext(1));
    expect(outcome).toMatchObject({ name: "AtlasConnectionError", mayHaveActed: true });
    expect(postsTo(c) - before).toBe(1);
    expect(c.count(mock.state, name)).toBe(0);
  });

  it("a connection refused before any byte left is re-sent: one object, created once", async () => {
    let refusals = 0;
    const refusingOnce: FetchLike = (request) => {
      if (request.method === "POST" && refusals++ === 0) {
        const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
        return Promise.reject(new TypeError("fetch failed", { cause }));
      }
      return fetch(request);
    };
    const before = postsTo(c);
    const { name, outcome } = await send(c, () => undefined, refusingOnce);
    expect(outcome).toMatchObject({ response: { ok: true } });
    expect(refusals).toBe(2);
    expect(postsTo(c) - before).toBe(1);
    expect(c.count(mock.state, name)).toBe(1);
  });
});

describe("a DELETE over a real connection", () => {
  const orgId = () => mock.credentials.orgId;
  const deletes = () => mock.state.requests.filter((r) => r.method === "DELETE").length;

  it("whose answer was lost after the mock deleted it is reported done, with a retry-gone event", async () => {
    const events: LogEvent[] = [];
    const client = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(mock.credentials.apiKey), retry: { baseDelayMs: 1 }, logger: { debug: (e) => void events.push(e) } });
    const created = await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: orgId() } }, body: { name: "doomed", usernames: [] } });
    const id = created.data?.id ?? "";
    expect(mock.state.teams.has(id)).toBe(true);
    mock.faults.dropNext(1, { after: "handled" });
    const { error, response } = await client.DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: orgId(), teamId: id } } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(204);
    expect(deletes()).toBe(2);
    expect(mock.state.teams.has(id)).toBe(false);
    expect(events.some((e) => e.event === "retry-gone")).toBe(true);
  });

  it("whose first attempt never reached the server still reports the 404", async () => {
    let refusals = 0;
    const refusingOnce: FetchLike = (request) => {
      if (request.method === "DELETE" && refusals++ === 0) {
        return Promise.reject(new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }));
      }
      return fetch(request);
    };
    const client = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(mock.credentials.apiKey), fetch: refusingOnce, retry: { baseDelayMs: 1 } });
    const { error, response } = await client.DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: orgId(), teamId: "0".repeat(24) } } });
    expect(response.status).toBe(404);
    expect(error).toMatchObject({ errorCode: "TEAM_NOT_FOUND" });
  });
});
