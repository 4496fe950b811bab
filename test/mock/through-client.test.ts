/**
 * The mock's documented rules, met through the library's own clients: what a user's test
 * with `createAtlasMock` sees. (The same rules through raw fetch are in the other files here.)
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AtlasConnectionError,
  AtlasValidationError,
  createAtlasClient,
  createCloudManagerClient,
  createOpsManagerClient,
  digestAuth,
  isAtlasApiError,
  paginate,
  serviceAccountAuth,
  TokenRequestError,
  unwrap,
} from "../../src/index.js";
import { createAtlasMock } from "../../src/mock/adapters/create-atlas-mock.js";

let now = Date.parse("2026-11-27T00:00:00Z");
const mock = createAtlasMock({ now: () => now });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  mock.faults.clear();
  now = Date.parse("2026-11-27T00:00:00Z");
});
afterAll(() => server.close());

const { credentials } = mock;
const ORG = credentials.orgId;
const [ann, bob, carol, dave] = credentials.users;
const apiKey = () => digestAuth(credentials.apiKey);
const atlas = (options: Parameters<typeof createAtlasClient>[0] = {}) => createAtlasClient({ auth: apiKey(), retry: { baseDelayMs: 1 }, ...options });
const orgPath = { params: { path: { orgId: ORG } } };

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function expectCode(promise: Promise<{ error?: unknown; response: Response }>, status: number, errorCode: string): Promise<void> {
  const result = await promise;
  expect(result.response.status).toBe(status);
  expect(result.error).toMatchObject({ error: status, errorCode });
}

describe("auth through the client", () => {
  it("signs with Digest as Atlas challenges it, and refuses a wrong private key with 401", async () => {
    expect(unwrap(await atlas().GET("/api/atlas/v2/orgs/{orgId}", orgPath)).id).toBe(ORG);
    const wrong = createAtlasClient({ auth: digestAuth({ publicKey: credentials.apiKey.publicKey, privateKey: "nope" }) });
    expect((await wrong.GET("/api/atlas/v2/orgs")).response.status).toBe(401);
  });

  it("renews a nonce that expired between calls (stale=true) without an error", async () => {
    const client = atlas();
    await client.GET("/api/atlas/v2/orgs");
    now += 10 * 60_000;
    expect((await client.GET("/api/atlas/v2/orgs")).response.status).toBe(200);
  });

  it("gets a service-account token once and uses it for every call", async () => {
    const client = createAtlasClient({ auth: serviceAccountAuth(credentials.serviceAccount) });
    await Promise.all(Array.from({ length: 20 }, () => client.GET("/api/atlas/v2/orgs")));
    expect(mock.state.counters.tokenRequests).toBe(1);
  });

  it("fails with TokenRequestError when the token endpoint's rate limit is spent", async () => {
    const limited = createAtlasMock({ tokenRateLimit: { limit: 1, windowMs: 60_000 }, baseUrl: "https://limited.example" });
    server.use(...limited.handlers);
    const sa = { ...limited.credentials.serviceAccount, tokenRetries: 0 };
    await createAtlasClient({ baseUrl: "https://limited.example", auth: serviceAccountAuth(sa) }).GET("/api/atlas/v2/orgs");
    const error = await thrown(createAtlasClient({ baseUrl: "https://limited.example", auth: serviceAccountAuth(sa) }).GET("/api/atlas/v2/orgs"));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ status: 429, errorCode: "RATE_LIMITED" });
  });

  it("refuses a service-account token on the v1.0 API", async () => {
    const client = createAtlasClient({ auth: serviceAccountAuth(credentials.serviceAccount) });
    expect((await client.GET("/api/atlas/v1.0/orgs")).response.status).toBe(401);
  });
});

describe("versions through the client", () => {
  it("answers in the versioned media type the client asked for", async () => {
    const { response } = await atlas().GET("/api/atlas/v2/orgs/{orgId}/users", orgPath);
    expect(response.headers.get("content-type")).toBe("application/vnd.atlas.2025-02-19+json");
  });

  it("answers 406 to a date before the operation's first version", async () => {
    // A version the spec does not know fails to compile; the server must refuse it too.
    const versions = { listOrgs: "2022-12-31" } as unknown as { listOrgs: "2023-01-01" };
    await expectCode(atlas({ versions }).GET("/api/atlas/v2/orgs"), 406, "INVALID_VERSION_DATE");
  });

  it("serves a later date with the newest version on or before it, as a client sending one date for every call expects", async () => {
    const versions = { listOrgs: "2025-03-12" } as unknown as { listOrgs: "2023-01-01" };
    const result = await atlas({ versions }).GET("/api/atlas/v2/orgs");
    expect(result.response.headers.get("content-type")).toBe("application/vnd.atlas.2023-01-01+json");
    expect(unwrap(result).results?.map((org) => org.id)).toEqual([ORG]);
  });

  it("accepts bodies sent as plain application/json by a client's own middleware", async () => {
    const client = atlas();
    client.use({
      onRequest: ({ request }) => {
        request.headers.set("Content-Type", "application/json");
        return request;
      },
    });
    const team = unwrap(await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { ...orgPath, body: { name: "plain", usernames: [] } }));
    expect(mock.state.teams.get(team.id ?? "")?.name).toBe("plain");
  });

  it("answers 410 VERSION_GONE after a sunset, and unwrap names the operation and the newer version", async () => {
    now = Date.parse("2027-07-02T00:00:00Z");
    const result = await atlas({ versions: { listOrgUsers: "2023-01-01" } }).GET("/api/atlas/v2/orgs/{orgId}/users", orgPath);
    expect(result.response.status).toBe(410);
    expect(() => unwrap(result)).toThrow(/listOrgUsers version 2023-01-01 is gone; move to version 2025-02-19/);
  });
});

describe("envelope and pagination through the client", () => {
  it("gives the same data and errors with envelope=true", async () => {
    const client = atlas({ envelope: true });
    expect(unwrap(await client.GET("/api/atlas/v2/orgs/{orgId}", orgPath)).id).toBe(ORG);
    await expectCode(client.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG, teamId: "f".repeat(24) } } }), 404, "TEAM_NOT_FOUND");
  });

  it("gives the same errors when the mock keeps the real status line", async () => {
    const real = createAtlasMock({ envelopeStatus: "real", baseUrl: "https://real.example" });
    server.use(...real.handlers);
    const client = createAtlasClient({ baseUrl: "https://real.example", auth: digestAuth(real.credentials.apiKey), envelope: true });
    await expectCode(client.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: real.credentials.orgId, teamId: "f".repeat(24) } } }), 404, "TEAM_NOT_FOUND");
  });

  it("pages through 260 teams with paginate, and refuses itemsPerPage over 500", async () => {
    for (let i = 0; i < 240; i++) mock.state.teams.set(`t${i}`, { id: (1000 + i).toString(16).padStart(24, "0"), orgId: ORG, name: `seeded-${i}`, userIds: [], createdAt: "" } as never);
    const names: string[] = [];
    for await (const team of paginate(atlas(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG }, query: { itemsPerPage: 100 } } })) names.push(team.name ?? "");
    expect(names).toHaveLength(240);
    await expectCode(atlas().GET("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG }, query: { itemsPerPage: 501 } } }), 400, "INVALID_QUERY_PARAMETER");
  });
});

describe("the documented rules through the client", () => {
  const createTeam = (name: string, usernames: string[] = [], client = atlas()) =>
    client.POST("/api/atlas/v2/orgs/{orgId}/teams", { ...orgPath, body: { name, usernames } });

  it("TEAM_NAME_NOT_AVAILABLE (409) for a second team of the same name, narrowed by isAtlasApiError", async () => {
    unwrap(await createTeam("dbas"));
    const error = await thrown(createTeam("dbas").then(unwrap));
    expect(isAtlasApiError(error, "TEAM_NAME_NOT_AVAILABLE")).toBe(true);
  });

  it("MAX_TEAMS_PER_ORG_EXCEEDED (400) at the 251st team", async () => {
    const client = atlas();
    for (let i = 0; i < 250; i++) unwrap(await createTeam(`team-${i}`, [], client));
    await expectCode(createTeam("one-too-many", [], client), 400, "MAX_TEAMS_PER_ORG_EXCEEDED");
  });

  it("INVALID_EMAIL_ADDRESS (400) from the server when the client's own check is off; caught before sending when on", async () => {
    await expectCode(createTeam("t", ["not-an-email"], atlas({ checkBodies: false })), 400, "INVALID_EMAIL_ADDRESS");
    const before = mock.state.requests.length;
    expect(await thrown(createTeam("t", ["not-an-email"]))).toBeInstanceOf(AtlasValidationError);
    expect(mock.state.requests.length).toBe(before);
  });

  it("USER_NOT_IN_ORG (404) for a team member outside the organization", async () => {
    await expectCode(createTeam("t", [dave!.username]), 404, "USER_NOT_IN_ORG");
  });

  it("USER_ALREADY_IN_TEAM (409) when adding a member twice", async () => {
    const team = unwrap(await createTeam("t", [bob!.username]));
    const path = { params: { path: { orgId: ORG, teamId: team.id ?? "" } } };
    await expectCode(atlas().POST("/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser", { ...path, body: { id: bob!.id } }), 409, "USER_ALREADY_IN_TEAM");
    expect(unwrap(await atlas().POST("/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser", { ...path, body: { id: carol!.id } })).id).toBe(carol!.id);
  });

  it("ORG_NOT_FOUND and TEAM_NOT_FOUND (404)", async () => {
    await expectCode(atlas().GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: "0".repeat(24) } } }), 404, "ORG_NOT_FOUND");
    await expectCode(atlas().DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG, teamId: "0".repeat(24) } } }), 404, "TEAM_NOT_FOUND");
  });

  it("ORG_NOT_EMPTY (409) when deleting an organization that has teams", async () => {
    const serviceAccount = { name: "owner-bot", description: "d", roles: ["ORG_OWNER" as const], secretExpiresAfterHours: 8 };
    const created = unwrap(await atlas().POST("/api/atlas/v2/orgs", { body: { name: "to-delete", orgOwnerId: ann!.id, serviceAccount } }));
    const orgId = created.organization?.id ?? "";
    const owner = createAtlasClient({
      auth: serviceAccountAuth({ clientId: created.serviceAccount?.clientId ?? "", clientSecret: created.serviceAccount?.secrets?.[0]?.secret ?? "" }),
    });
    unwrap(await owner.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId } }, body: { name: "t", usernames: [] } }));
    await expectCode(owner.DELETE("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId } } }), 409, "ORG_NOT_EMPTY");
  });

  it("API_KEY_CANNOT_CREATE_ORG (403) on Cloud Manager with an API key; user credentials succeed", async () => {
    await expectCode(createCloudManagerClient({ auth: apiKey() }).POST("/api/public/v1.0/orgs", { body: { name: "cm" } }), 403, "API_KEY_CANNOT_CREATE_ORG");
    const user = digestAuth({ publicKey: credentials.user.username, privateKey: credentials.user.password });
    expect(unwrap(await createCloudManagerClient({ auth: user }).POST("/api/public/v1.0/orgs", { body: { name: "cm" } })).name).toBe("cm");
  });

  it("Ops Manager: a mapping for ORG_OWNER is required — refused by the client, and by the mock when the client's check is off", async () => {
    const body = { name: "om", ldapGroupMappings: [{ roleName: "ORG_MEMBER" as const, ldapGroups: ["devs"] }] };
    const om = (checkBodies: boolean) => createOpsManagerClient({ baseUrl: mock.baseUrl, auth: digestAuth(credentials.opsManagerApiKey), checkBodies });
    expect(await thrown(om(true).POST("/api/public/v1.0/orgs", { body }))).toMatchObject({ rule: "contains", field: "body.ldapGroupMappings" });
    const result = await om(false).POST("/api/public/v1.0/orgs", { body });
    expect(result.response.status).toBe(400);
  });

  it("apiKey with serviceAccount (400) — refused by the client, and by the mock when the client's check is off", async () => {
    const body = {
      name: "both",
      orgOwnerId: ann!.id,
      apiKey: { desc: "k", roles: ["ORG_OWNER" as const] },
      serviceAccount: { name: "s", description: "d", roles: ["ORG_OWNER" as const], secretExpiresAfterHours: 8 },
    };
    expect(await thrown(atlas().POST("/api/atlas/v2/orgs", { body }))).toMatchObject({ rule: "not" });
    expect((await atlas({ checkBodies: false }).POST("/api/atlas/v2/orgs", { body })).response.status).toBe(400);
  });

  it("shows a new service account's secret once, masked afterwards", async () => {
    const created = unwrap(await atlas().POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts", { ...orgPath, body: { name: "ci", description: "d", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 8 } }));
    const secret = created.secrets?.[0]?.secret ?? "";
    expect(secret).toMatch(/^mdb_sa_sk_/);
    const again = unwrap(await atlas().GET("/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}", { params: { path: { orgId: ORG, clientId: created.clientId ?? "" } } }));
    expect(again.secrets?.[0]?.secret).toBeUndefined();
    expect(again.secrets?.[0]?.maskedSecretValue).toMatch(/^mdb_sa_sk_\.\.\./);
    expect(JSON.stringify(again)).not.toContain(secret);
  });
});

describe("legacy v1.0 organizations through the client", () => {
  const v1Path = { params: { path: { orgId: ORG } } };

  it("gets, renames and deletes one organization; ORG_NOT_EMPTY while it has teams", async () => {
    const client = atlas();
    expect(unwrap(await client.GET("/api/atlas/v1.0/orgs/{orgId}", v1Path)).id).toBe(ORG);
    expect(unwrap(await client.PATCH("/api/atlas/v1.0/orgs/{orgId}", { ...v1Path, body: { name: "Renamed-v1" } })).name).toBe("Renamed-v1");
    unwrap(await client.POST("/api/atlas/v2/orgs/{orgId}/teams", { ...orgPath, body: { name: "t", usernames: [] } }));
    await expectCode(client.DELETE("/api/atlas/v1.0/orgs/{orgId}", v1Path), 409, "ORG_NOT_EMPTY");
    mock.state.teams.clear();
    expect((await client.DELETE("/api/atlas/v1.0/orgs/{orgId}", v1Path)).response.status).toBe(204);
    await expectCode(client.GET("/api/atlas/v1.0/orgs/{orgId}", v1Path), 404, "ORG_NOT_FOUND");
  });

  it("INVALID_ORG_NAME (400) from the mock when the client's own check is off; caught before sending when on", async () => {
    await expectCode(atlas({ checkBodies: false }).PATCH("/api/atlas/v1.0/orgs/{orgId}", { ...v1Path, body: { name: "no spaces allowed" } }), 400, "INVALID_ORG_NAME");
    expect(await thrown(atlas().PATCH("/api/atlas/v1.0/orgs/{orgId}", { ...v1Path, body: { name: "no spaces allowed" } }))).toBeInstanceOf(AtlasValidationError);
  });
});

describe("faults on demand through the client", () => {
  it("retries a GET through 503s and honours Retry-After", async () => {
    mock.faults.failNext(2, { status: 503, retryAfter: 0 });
    expect((await atlas().GET("/api/atlas/v2/orgs")).response.status).toBe(200);
  });

  it("retries a GET whose connection was dropped, but never re-sends a create whose answer was lost", async () => {
    mock.faults.dropNext(1);
    expect((await atlas().GET("/api/atlas/v2/orgs")).response.status).toBe(200);
    const client = atlas();
    await client.GET("/api/atlas/v2/orgs"); // warm the digest nonce so the create is one request
    mock.faults.dropNext(1);
    const before = mock.state.requests.filter((r) => r.method === "POST").length;
    expect(await thrown(createTeamOnce(client))).toBeInstanceOf(AtlasConnectionError);
    expect(mock.state.requests.filter((r) => r.method === "POST").length - before).toBe(1);
    expect([...mock.state.teams.values()].filter((t) => t.name === "once")).toHaveLength(0);
  });

  it("waits out the API's rate limit (429 with Retry-After)", async () => {
    // A mock on the real clock, so the rate-limit window frees while the client waits.
    const live = createAtlasMock({ baseUrl: "https://live.example" });
    server.use(...live.handlers);
    live.faults.rateLimit({ limit: 1, windowMs: 200, retryAfter: true });
    const client = createAtlasClient({ baseUrl: "https://live.example", auth: digestAuth(live.credentials.apiKey) });
    await client.GET("/api/atlas/v2/orgs");
    const { response } = await client.GET("/api/atlas/v2/orgs");
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-limit")).toBe("1");
    expect(live.state.requests.some((r) => r.status === 429)).toBe(true);
  });
});

function createTeamOnce(client: ReturnType<typeof atlas>) {
  return client.POST("/api/atlas/v2/orgs/{orgId}/teams", { ...orgPath, body: { name: "once", usernames: [] } });
}
