import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createAtlasClient, operations, unwrap } from "../../src/index.js";
import { captureLogger, ORG_ID, TEAM_ID, USER_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";
afterEach(() => server.events.removeAllListeners());

function acceptOf(seen: Request[], i = 0): string | null {
  return seen[i]?.headers.get("accept") ?? null;
}

function record(): Request[] {
  const seen: Request[] = [];
  server.events.on("request:start", ({ request }) => void seen.push(request));
  return seen;
}

const orgUsers = () => http.get(`${BASE}/api/atlas/v2/orgs/:orgId/users`, () => HttpResponse.json({ results: [], totalCount: 0 }));

// The version each Atlas v2 operation asks for by default (its newest), from ATLAS-FACTS.md,
// written out here so that a wrong version in the spec fails this test.
const NEWEST: Readonly<Record<string, string>> = {
  listOrgs: "2023-01-01",
  createOrg: "2023-01-01",
  getOrg: "2023-01-01",
  updateOrg: "2023-01-01",
  deleteOrg: "2023-01-01",
  listOrgUsers: "2025-02-19",
  listOrgServiceAccounts: "2024-08-05",
  createOrgServiceAccount: "2024-08-05",
  getOrgServiceAccount: "2024-08-05",
  updateOrgServiceAccount: "2024-08-05",
  deleteOrgServiceAccount: "2024-08-05",
  createOrgServiceAccountSecret: "2024-08-05",
  deleteOrgServiceAccountSecret: "2024-08-05",
  listOrgServiceAccountAccessList: "2024-08-05",
  createOrgServiceAccountAccessList: "2024-08-05",
  deleteOrgServiceAccountAccessListEntry: "2024-08-05",
  getOrgServiceAccountGroups: "2024-08-05",
  listOrgTeams: "2023-01-01",
  createOrgTeam: "2023-01-01",
  getOrgTeam: "2023-01-01",
  renameOrgTeam: "2023-01-01",
  deleteOrgTeam: "2023-01-01",
  getOrgTeamByName: "2023-01-01",
  listOrgTeamUsers: "2025-02-19",
  addOrgTeamUsers: "2023-01-01",
  removeOrgTeamUserFromTeam: "2023-01-01",
  addOrgTeamUser: "2025-02-19",
  removeOrgTeamUser: "2025-02-19",
  listRateLimits: "2025-03-12",
  getRateLimit: "2025-03-12",
};

// A value that fits each path parameter's pattern.
const PATH_VALUES: Readonly<Record<string, string>> = {
  orgId: ORG_ID,
  teamId: TEAM_ID,
  userId: USER_ID,
  clientId: `mdb_sa_id_${ORG_ID}`,
  secretId: TEAM_ID,
  ipAddress: "203.0.113.10",
  teamName: "dbas",
  endpointSetId: "atlas-admin",
};

describe("versionMiddleware", () => {
  it("sends every Atlas v2 operation with its version's media type in Accept (and Content-Type, with a body)", async () => {
    const v2 = operations.filter((op) => op.surface === "atlas-v2");
    expect(v2.map((op) => op.operationId).sort()).toEqual(Object.keys(NEWEST).sort());
    const seen = record();
    server.use(http.all(`${BASE}/api/atlas/v2/*`, () => HttpResponse.json({})));
    // Bodies are beside the point here; any body shows the Content-Type.
    const atlas = createAtlasClient({ retry: false, checkBodies: false }) as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
    for (const op of v2) {
      const path = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => [name, PATH_VALUES[name]]));
      await atlas[op.method]?.(op.path, { params: { path }, ...(op.requestBody ? { body: {} } : {}) });
    }
    const sent = Object.fromEntries(v2.map((op, i) => [op.operationId, acceptOf(seen, i)]));
    expect(sent).toEqual(Object.fromEntries(Object.entries(NEWEST).map(([id, version]) => [id, `application/vnd.atlas.${version}+json`])));
    v2.forEach((op, i) => {
      expect(seen[i]?.method).toBe(op.method);
      expect(seen[i]?.headers.get("content-type") ?? null).toBe(op.requestBody ? acceptOf(seen, i) : null);
    });
    expect(new URL(seen[v2.findIndex((op) => op.operationId === "addOrgTeamUser")]?.url ?? "").pathname).toBe(`/api/atlas/v2/orgs/${ORG_ID}/teams/${TEAM_ID}:addUser`);
  });

  it("warns once when the versions option names an operationId that is not an Atlas v2 operation", async () => {
    server.use(orgUsers());
    const { events, logger } = captureLogger();
    // @ts-expect-error misspelt on purpose: listOrgUser is not an operationId
    const atlas = createAtlasClient({ logger, versions: { listOrgUser: "2023-01-01", listOrgUsers: "2025-02-19" } });
    await atlas.GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    await atlas.GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    const warnings = events.filter((e) => e.level === "warn");
    expect(warnings).toEqual([
      { level: "warn", event: "unknown-operation", operationId: "listOrgUser", message: "versions.listOrgUser names no Atlas v2 operation; it is ignored" },
    ]);
  });

  it("picks the newest version by default and the client's per-operation override when given", async () => {
    const seen = record();
    server.use(orgUsers());
    await createAtlasClient().GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    await createAtlasClient({ versions: { listOrgUsers: "2023-01-01" } }).GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    expect(acceptOf(seen, 0)).toBe("application/vnd.atlas.2025-02-19+json");
    expect(acceptOf(seen, 1)).toBe("application/vnd.atlas.2023-01-01+json");
  });

  it("lets one call choose its version with its own Accept header", async () => {
    const seen = record();
    server.use(orgUsers());
    await createAtlasClient({ versions: { listOrgUsers: "2025-02-19" } }).GET("/api/atlas/v2/orgs/{orgId}/users", {
      params: { path: { orgId: ORG_ID } },
      headers: { Accept: "application/vnd.atlas.2023-01-01+json" },
    });
    expect(acceptOf(seen)).toBe("application/vnd.atlas.2023-01-01+json");
  });

  it("warns once per operation about a version with a sunset date, naming the date and the newer version", async () => {
    server.use(orgUsers());
    const { events, logger } = captureLogger();
    const atlas = createAtlasClient({ logger, versions: { listOrgUsers: "2023-01-01" } });
    for (let i = 0; i < 3; i++) await atlas.GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    const warnings = events.filter((e) => e.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ event: "deprecation", operationId: "listOrgUsers", version: "2023-01-01", sunset: "2027-07-01", newer: "version 2025-02-19" });
    expect(warnings[0]?.message).toContain("2027-07-01");
  });

  it("warns about a deprecated operation with the operation that replaces it", async () => {
    server.use(http.post(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId/users`, () => HttpResponse.json({ results: [] })));
    const { events, logger } = captureLogger();
    await createAtlasClient({ logger }).POST("/api/atlas/v2/orgs/{orgId}/teams/{teamId}/users", {
      params: { path: { orgId: ORG_ID, teamId: TEAM_ID } },
      body: [{ id: USER_ID }],
    });
    expect(events.find((e) => e.level === "warn")).toMatchObject({ operationId: "addOrgTeamUsers", newer: "operation addOrgTeamUser" });
  });

  it("warns once when the server answers with Deprecation and Sunset headers", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, () => HttpResponse.json({ results: [] }, { headers: { Deprecation: "true", Sunset: "Wed, 01 Jul 2027 00:00:00 GMT" } })));
    const { events, logger } = captureLogger();
    const atlas = createAtlasClient({ logger });
    await atlas.GET("/api/atlas/v2/orgs");
    await atlas.GET("/api/atlas/v2/orgs");
    const warnings = events.filter((e) => e.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ operationId: "listOrgs", sunset: "Wed, 01 Jul 2027 00:00:00 GMT", deprecation: "true" });
  });

  it("turns 410 VERSION_GONE into an error naming the operation and what to move to", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/users`, () => HttpResponse.json({ error: 410, errorCode: "VERSION_GONE", detail: "Version 2023-01-01 is gone." }, { status: 410 })));
    const result = await createAtlasClient({ versions: { listOrgUsers: "2023-01-01" } }).GET("/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId: ORG_ID } } });
    expect(result.error?.errorCode).toBe("VERSION_GONE");
    expect(() => unwrap(result)).toThrow(/listOrgUsers version 2023-01-01 is gone; move to version 2025-02-19/);
  });
});
