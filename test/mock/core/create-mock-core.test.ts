import { describe, expect, it } from "vitest";
import { createMockCore } from "../../../src/mock/core/create-mock-core.js";
import { DroppedConnection } from "../../../src/mock/core/dropped-connection.js";
import { defaultMockSeed } from "../../../src/mock/state/mock-seed.js";
import { digestHeader, json, parseChallenges, v2Headers, type Credentials } from "../mock-helpers.js";

const BASE = "http://mock.test";

async function tokenFor(core: ReturnType<typeof createMockCore>, account = core.credentials.serviceAccount): Promise<string> {
  const { clientId, clientSecret } = account;
  const response = await core.handle(
    new Request(`${BASE}/api/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

describe("createMockCore", () => {
  it("answers a Request with a Response, without any transport", async () => {
    const core = createMockCore();
    const token = await tokenFor(core);
    const response = await core.handle(new Request(`${BASE}/api/atlas/v2/orgs/${core.credentials.orgId}`, { headers: v2Headers("2023-01-01", token) }));
    expect(response.status).toBe(200);
    expect((await json(response)).links[0].href).toBe(`${BASE}/api/atlas/v2/orgs/${core.credentials.orgId}`);
  });

  it("logs method, url, status and principal kind, never a header or a secret", async () => {
    const core = createMockCore();
    const token = await tokenFor(core);
    const url = `${BASE}/api/atlas/v2/orgs/${core.credentials.orgId}/serviceAccounts`;
    const body = JSON.stringify({ name: "n", description: "d", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 1 });
    const created = await json(await core.handle(new Request(url, { method: "POST", headers: v2Headers("2024-08-05", token), body })));
    expect(core.state.requests).toEqual([
      { method: "POST", url: "/api/oauth/token", status: 200 },
      { method: "POST", url: `/api/atlas/v2/orgs/${core.credentials.orgId}/serviceAccounts`, status: 201, principal: "serviceAccount" },
    ]);
    const log = JSON.stringify(core.state.requests);
    for (const secret of [token, created.secrets[0].secret, core.credentials.serviceAccount.clientSecret]) expect(log).not.toContain(secret);
    expect(core.state.counters).toEqual({ httpRequests: 2, tokenRequests: 1 });
  });

  it("keeps the latest 1000 requests in state.requests by default, the number asked for with requestLogLimit, all with Infinity", async () => {
    const send = async (core: ReturnType<typeof createMockCore>, count: number) => {
      for (let i = 0; i < count; i += 1) await core.handle(new Request(`${BASE}/nothing/${i}`));
    };
    const paths = (core: ReturnType<typeof createMockCore>) => core.state.requests.map((record) => record.url);
    const bounded = createMockCore();
    await send(bounded, 1005);
    expect(paths(bounded)).toEqual(Array.from({ length: 1000 }, (_, i) => `/nothing/${i + 5}`));
    expect(bounded.state.counters.httpRequests).toBe(1005);
    const three = createMockCore({ requestLogLimit: 3 });
    await send(three, 5);
    expect(paths(three)).toEqual(["/nothing/2", "/nothing/3", "/nothing/4"]);
    const all = createMockCore({ requestLogLimit: Infinity });
    await send(all, 1005);
    expect(all.state.requests).toHaveLength(1005);
  });

  it("throws DroppedConnection when a fault drops the connection", async () => {
    const core = createMockCore();
    core.faults.dropNext(1);
    await expect(core.handle(new Request(`${BASE}/api/atlas/v2/orgs`))).rejects.toBeInstanceOf(DroppedConnection);
  });

  it("drops before authentication by default, so nothing was acted on", async () => {
    const core = createMockCore();
    const token = await tokenFor(core);
    core.faults.dropNext(1);
    await expect(core.handle(createTeamRequest(core, token, "never"))).rejects.toBeInstanceOf(DroppedConnection);
    expect([...core.state.teams.values()].map((team) => team.name)).toEqual([]);
    expect(core.state.requests.at(-1)).toEqual({ method: "POST", url: `/api/atlas/v2/orgs/${core.credentials.orgId}/teams`, status: 0 });
  });

  it("with after: handled, runs the route, then drops the answer and logs status 0 with the principal", async () => {
    const core = createMockCore();
    const token = await tokenFor(core);
    core.faults.dropNext(1, { after: "handled" });
    await expect(core.handle(createTeamRequest(core, token, "acted"))).rejects.toBeInstanceOf(DroppedConnection);
    expect([...core.state.teams.values()].map((team) => team.name)).toEqual(["acted"]);
    expect(core.state.requests.at(-1)).toEqual({ method: "POST", url: `/api/atlas/v2/orgs/${core.credentials.orgId}/teams`, status: 0, principal: "serviceAccount" });
    expect((await core.handle(createTeamRequest(core, token, "answered"))).status).toBe(200);
  });

  it("uses an after: handled drop only on a call that authenticated", async () => {
    const core = createMockCore();
    core.faults.dropNext(1, { after: "handled" });
    expect((await core.handle(new Request(`${BASE}/api/atlas/v2/orgs`))).status).toBe(401);
    expect((await core.handle(createTeamRequest(core, "not-a-token", "refused"))).status).toBe(401);
    await expect(core.handle(createTeamRequest(core, await tokenFor(core), "acted"))).rejects.toBeInstanceOf(DroppedConnection);
  });

  it("drops a handled call even when its route refused it, since the refusal is what is lost", async () => {
    const core = createMockCore();
    const token = await tokenFor(core);
    expect((await core.handle(createTeamRequest(core, token, "twice"))).status).toBe(200);
    core.faults.dropNext(1, { after: "handled" });
    await expect(core.handle(createTeamRequest(core, token, "twice"))).rejects.toBeInstanceOf(DroppedConnection);
    expect([...core.state.teams.values()].filter((team) => team.name === "twice")).toHaveLength(1);
  });

  it("counts every token request, refused ones included, and reset() zeroes the count", async () => {
    const core = createMockCore();
    await tokenFor(core);
    const refused = await core.handle(new Request(`${BASE}/api/oauth/token`, { method: "POST", body: "grant_type=client_credentials" }));
    expect(refused.status).toBe(400);
    expect(core.state.counters.tokenRequests).toBe(2);
    core.reset();
    expect(core.state.counters).toEqual({ httpRequests: 0, tokenRequests: 0 });
  });

  it("answers 404 RESOURCE_NOT_FOUND outside the API paths, without asking for credentials", async () => {
    const response = await createMockCore().handle(new Request(`${BASE}/api/nothing`));
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("RESOURCE_NOT_FOUND");
  });

  it("answers 404 RESOURCE_NOT_FOUND for an unknown API path", async () => {
    const core = createMockCore();
    const response = await core.handle(new Request(`${BASE}/api/atlas/v2/nothing`, { headers: v2Headers("2023-01-01", await tokenFor(core)) }));
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("RESOURCE_NOT_FOUND");
  });

  it("answers 405 for a method the path does not take", async () => {
    const core = createMockCore();
    const response = await core.handle(new Request(`${BASE}/api/atlas/v2/orgs`, { method: "PUT", headers: v2Headers("2023-01-01", await tokenFor(core)) }));
    expect(response.status).toBe(405);
    expect((await json(response)).detail).toContain("GET or POST");
  });

  it("reset() restores the seeded state and clears faults", async () => {
    const core = createMockCore();
    const teams = core.state.teams;
    teams.set("x", { id: "x", orgId: core.credentials.orgId, name: "x", userIds: [] });
    core.faults.failNext(5, { status: 500 });
    core.reset();
    expect(core.state.teams).toBe(teams);
    expect(teams.size).toBe(0);
    expect(core.state.requests).toEqual([]);
    expect((await core.handle(new Request(`${BASE}/api/atlas/v2/orgs`))).status).toBe(401);
  });

  it("reset() forgets tokens: one issued before it cannot act as a new account that got the same client id", async () => {
    const core = createMockCore();
    const accounts = `${BASE}/api/atlas/v2/orgs/${core.credentials.orgId}/serviceAccounts`;
    const create = async (token: string, roles: string[]) => {
      const body = JSON.stringify({ name: roles[0], description: "d", roles, secretExpiresAfterHours: 8 });
      return json(await core.handle(new Request(accounts, { method: "POST", headers: v2Headers("2024-08-05", token), body })));
    };
    const owner = await create(await tokenFor(core), ["ORG_OWNER"]);
    const ownerToken = await tokenFor(core, { clientId: owner.clientId, clientSecret: owner.secrets[0].secret });
    core.reset();
    const readOnly = await create(await tokenFor(core), ["ORG_READ_ONLY"]);
    expect(readOnly.clientId).toBe(owner.clientId);
    const stale = await core.handle(new Request(accounts, { headers: v2Headers("2024-08-05", ownerToken) }));
    expect(stale.status).toBe(401);
  });

  it("reset() forgets nonces, so a request signed with an earlier one gets stale=true, and keeps the seeded ids", async () => {
    const core = createMockCore();
    const orgId = core.credentials.orgId;
    const url = `${BASE}/api/public/v1.0/orgs/${orgId}`;
    const challenge = parseChallenges((await core.handle(new Request(url))).headers.get("WWW-Authenticate"))[0]!;
    const key: Credentials = { username: core.credentials.apiKey.publicKey, password: core.credentials.apiKey.privateKey };
    core.reset();
    const signed = await core.handle(new Request(url, { headers: { Authorization: digestHeader(key, challenge, "GET", `/api/public/v1.0/orgs/${orgId}`) } }));
    expect(signed.status).toBe(401);
    expect(parseChallenges(signed.headers.get("WWW-Authenticate"))[0]?.stale).toBe(true);
    expect(core.credentials.orgId).toBe(orgId);
    expect(core.state.organizations.has(orgId)).toBe(true);
  });

  it("takes seed overrides and prints them as credentials", () => {
    const core = createMockCore({ seed: { organization: { id: "0".repeat(23) + "9", name: "Custom" } } });
    expect(core.credentials).toMatchObject({ orgId: "0".repeat(23) + "9", orgName: "Custom", apiKey: { publicKey: defaultMockSeed.apiKey.publicKey } });
    expect(core.credentials.users.find((user) => user.username === "dave@example.org")?.inOrg).toBe(false);
  });

  it("serves Ops Manager rules to user credentials when publicApi is ops-manager (Cloud Manager's by default)", async () => {
    const ldapGroupMappings = [{ roleName: "ORG_MEMBER", ldapGroups: ["g"] }];
    const forced = createMockCore({ publicApi: "ops-manager" });
    expect((await createPublicOrg(forced, forced.credentials.user, { name: "o", ldapGroupMappings })).status).toBe(400);
    const byCredential = createMockCore();
    expect((await createPublicOrg(byCredential, byCredential.credentials.user, { name: "o", ldapGroupMappings })).status).toBe(200);
  });

  it("serves Cloud Manager rules to the global owner key when publicApi is cloud-manager", async () => {
    const core = createMockCore({ publicApi: "cloud-manager" });
    const { publicKey, privateKey } = core.credentials.opsManagerApiKey;
    const response = await createPublicOrg(core, { username: publicKey, password: privateKey }, { name: "o" });
    expect((await json(response)).errorCode).toBe("API_KEY_CANNOT_CREATE_ORG");
  });
});

/** POST …/teams creating `name`, with a Bearer token. */
function createTeamRequest(core: ReturnType<typeof createMockCore>, token: string, name: string): Request {
  const body = JSON.stringify({ name, usernames: [] });
  return new Request(`${BASE}/api/atlas/v2/orgs/${core.credentials.orgId}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token), body });
}

/** POST /api/public/v1.0/orgs through `core.handle`, signed with Digest. */
async function createPublicOrg(core: ReturnType<typeof createMockCore>, credentials: Credentials, body: unknown): Promise<Response> {
  const url = `${BASE}/api/public/v1.0/orgs`;
  const init = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const first = await core.handle(new Request(url, init));
  const challenge = parseChallenges(first.headers.get("WWW-Authenticate"))[0]!;
  const headers = { ...init.headers, Authorization: digestHeader(credentials, challenge, "POST", "/api/public/v1.0/orgs") };
  return core.handle(new Request(url, { ...init, headers }));
}
