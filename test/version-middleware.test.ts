import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createAtlasClient, operations, unwrap } from "../src/index.js";
import { captureLogger, ORG_ID, TEAM_ID, USER_ID, useMswServer } from "./support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";

function acceptOf(seen: Request[], i = 0): string | null {
  return seen[i]?.headers.get("accept") ?? null;
}

function record(): Request[] {
  const seen: Request[] = [];
  server.events.on("request:start", ({ request }) => void seen.push(request));
  return seen;
}

const orgUsers = () => http.get(`${BASE}/api/atlas/v2/orgs/:orgId/users`, () => HttpResponse.json({ results: [], totalCount: 0 }));

describe("versionMiddleware", () => {
  it("reads every v2 operation's version from the operations table", async () => {
    const seen = record();
    server.use(http.all(`${BASE}/api/atlas/v2/*`, () => HttpResponse.json({})));
    const atlas = createAtlasClient({ retry: false });
    await atlas.GET("/api/atlas/v2/orgs/{orgId}/serviceAccounts", { params: { path: { orgId: ORG_ID } } });
    await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } }, body: { id: USER_ID } });
    const sa = operations.find((o) => o.operationId === "listOrgServiceAccounts");
    const add = operations.find((o) => o.operationId === "addOrgTeamUser");
    expect(acceptOf(seen, 0)).toBe(`application/vnd.atlas.${sa?.versions.at(-1)?.version}+json`);
    expect(acceptOf(seen, 1)).toBe(`application/vnd.atlas.${add?.versions.at(-1)?.version}+json`);
    expect(seen[1]?.headers.get("content-type")).toBe(acceptOf(seen, 1));
    expect(new URL(seen[1]?.url ?? "").pathname).toBe(`/api/atlas/v2/orgs/${ORG_ID}/teams/${TEAM_ID}:addUser`);
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
