import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AtlasConnectionError, AtlasValidationError, createAtlasClient, unwrap } from "../../src/index.js";
import { VERSION } from "../../src/client/user-agent.js";
import { captureLogger, ORG_ID, TEAM_ID, USER_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";

function recordRequests(): Request[] {
  const seen: Request[] = [];
  server.events.on("request:start", ({ request }) => {
    seen.push(request.clone());
  });
  return seen;
}

describe("createAtlasClient", () => {
  it("sends a v2 call with its versioned Accept and Content-Type and returns the typed answer", async () => {
    const atlas = createAtlasClient();
    server.use(
      http.post(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, async ({ request, params }) => {
        expect(params.orgId).toBe(ORG_ID);
        expect(request.headers.get("accept")).toBe("application/vnd.atlas.2023-01-01+json");
        expect(request.headers.get("content-type")).toBe("application/vnd.atlas.2023-01-01+json");
        expect(request.headers.get("user-agent")).toMatch(new RegExp(`^atlas-admin-client/${VERSION} \\(node/`));
        const body = (await request.json()) as { name: string; usernames: string[] };
        return HttpResponse.json({ id: TEAM_ID, name: body.name, usernames: body.usernames }, {
          headers: { "Content-Type": "application/vnd.atlas.2023-01-01+json" },
        });
      }),
    );
    const { data, error } = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", {
      params: { path: { orgId: ORG_ID } },
      body: { name: "dbas", usernames: ["ann@example.com"] },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ id: TEAM_ID, name: "dbas", usernames: ["ann@example.com"] });
  });

  it("binds fetch late, so msw handlers added after the client was built still intercept", async () => {
    const atlas = createAtlasClient({ retry: false });
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId`, () => HttpResponse.json({ id: ORG_ID, name: "late" })));
    expect(unwrap(await atlas.GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID } } }))).toMatchObject({ name: "late" });
  });

  it("uses plain application/json on the v1.0 surface", async () => {
    const seen = recordRequests();
    server.use(http.get(`${BASE}/api/atlas/v1.0/orgs`, () => HttpResponse.json({ results: [], totalCount: 0 })));
    await createAtlasClient().GET("/api/atlas/v1.0/orgs");
    expect(seen[0]?.headers.get("accept")).toBe("application/json");
  });

  it("appends the user's suffix to the User-Agent and honours another baseUrl (Atlas for Government)", async () => {
    const seen = recordRequests();
    server.use(http.get("https://cloud.mongodbgov.com/api/atlas/v2/orgs", () => HttpResponse.json({ results: [], totalCount: 0 })));
    const gov = createAtlasClient({ baseUrl: "https://cloud.mongodbgov.com/", userAgent: "portal/2.3" });
    await gov.GET("/api/atlas/v2/orgs");
    expect(seen[0]?.headers.get("user-agent")).toMatch(/^atlas-admin-client\/\S+ \(.+\) portal\/2\.3$/);
  });

  it("rejects a baseUrl that is not an http(s) URL or that carries credentials", () => {
    expect(() => createAtlasClient({ baseUrl: "cloud.mongodb.com" })).toThrow(/absolute http\(s\) URL/);
    expect(() => createAtlasClient({ baseUrl: "ftp://cloud.mongodb.com" })).toThrow(/http or https/);
    expect(() => createAtlasClient({ baseUrl: "https://key:secret@cloud.mongodb.com" })).toThrow(/must not hold credentials/);
  });

  it("refuses a path parameter that breaks its pattern before sending anything", async () => {
    const seen = recordRequests();
    const atlas = createAtlasClient();
    const call = atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: "../admin", teamId: TEAM_ID } } });
    await expect(call).rejects.toThrow(AtlasValidationError);
    await expect(call).rejects.toMatchObject({ field: "path.orgId", rule: "pattern", operationId: "getOrgTeam" });
    expect(seen).toHaveLength(0);
  });

  it("percent-encodes path parameters so a team name cannot change the path, and refuses dot segments", async () => {
    const seen = recordRequests();
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/byName/:teamName`, ({ params }) => HttpResponse.json({ id: TEAM_ID, name: params.teamName })));
    const atlas = createAtlasClient();
    const { data } = await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}", { params: { path: { orgId: ORG_ID, teamName: "../x y" } } });
    expect(new URL(seen[0]?.url ?? "").pathname).toBe(`/api/atlas/v2/orgs/${ORG_ID}/teams/byName/..%2Fx%20y`);
    expect(data?.name).toBe("../x y");
    await expect(atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}", { params: { path: { orgId: ORG_ID, teamName: ".." } } })).rejects.toMatchObject({ field: "path.teamName", rule: "segment" });
    expect(seen).toHaveLength(1);
  });

  it("refuses a body that breaks the spec, naming the field and the rule, and sends nothing", async () => {
    const seen = recordRequests();
    const atlas = createAtlasClient();
    const missing = atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts", {
      params: { path: { orgId: ORG_ID } },
      // @ts-expect-error roles is required
      body: { name: "ci", description: "deploys", secretExpiresAfterHours: 8 },
    });
    await expect(missing).rejects.toMatchObject({ field: "body.roles", rule: "required", message: expect.stringContaining("body.roles is required") });
    const both = atlas.POST("/api/atlas/v2/orgs", {
      body: {
        name: "acme",
        orgOwnerId: USER_ID,
        apiKey: { desc: "k", roles: ["ORG_OWNER"] },
        serviceAccount: { name: "sa", description: "d", roles: ["ORG_OWNER"], secretExpiresAfterHours: 8 },
      },
    });
    await expect(both).rejects.toMatchObject({ rule: "not", field: "body.apiKey,body.serviceAccount" });
    const email = atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "t", usernames: ["not-an-email"] } });
    await expect(email).rejects.toMatchObject({ field: "body.usernames[0]", rule: "format" });
    expect(seen).toHaveLength(0);
  });

  it("refuses an access list entry that gives neither cidrBlock nor ipAddress, or both, and sends nothing", async () => {
    const seen = recordRequests();
    const atlas = createAtlasClient();
    const path = { orgId: ORG_ID, clientId: `mdb_sa_id_${ORG_ID}` };
    // @ts-expect-error an entry gives cidrBlock or ipAddress
    const none = atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList", { params: { path }, body: [{}] });
    await expect(none).rejects.toMatchObject({
      field: "body[0]",
      rule: "oneOf",
      message: expect.stringContaining("body[0] must have exactly one of cidrBlock, ipAddress (it has none)"),
    });
    const both = atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList", {
      params: { path },
      body: [{ ipAddress: "203.0.113.10" }, { cidrBlock: "203.0.113.0/24", ipAddress: "203.0.113.10" }],
    });
    await expect(both).rejects.toMatchObject({ field: "body[1]", rule: "oneOf" });
    expect(seen).toHaveLength(0);
  });

  it("serializes a refused body to its operation, first field and rule, and every issue", async () => {
    const atlas = createAtlasClient();
    const call = atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "", usernames: ["nope"] } });
    const error: unknown = await call.catch((e: unknown) => e);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "AtlasValidationError",
      message: "createOrgTeam: body.name must have at least 1 character(s) (and 1 more: body.usernames[0]); nothing was sent",
      operationId: "createOrgTeam",
      field: "body.name",
      rule: "minLength",
      issues: [
        { field: "body.name", rule: "minLength", message: "body.name must have at least 1 character(s)" },
        { field: "body.usernames[0]", rule: "format", message: "body.usernames[0] must be an email address" },
      ],
      mayHaveActed: false,
    });
  });

  it("sends a bad body when body checks are turned off", async () => {
    server.use(http.post(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, () => HttpResponse.json({ error: 400, errorCode: "INVALID_EMAIL_ADDRESS" }, { status: 400 })));
    const atlas = createAtlasClient({ checkBodies: false });
    const { error } = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "t", usernames: ["nope"] } });
    expect(error?.errorCode).toBe("INVALID_EMAIL_ADDRESS");
  });

  it("turns an HTML error page into an Atlas-shaped error with the text cut short", async () => {
    const page = `<html><body><h1>502 Bad Gateway</h1><p>${"upstream ".repeat(80)}</p></body></html>`;
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, () => new HttpResponse(page, { status: 502, headers: { "Content-Type": "text/html" } })));
    const { error, response } = await createAtlasClient({ retry: false }).GET("/api/atlas/v2/orgs");
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ error: 502, errorCode: "UNEXPECTED_RESPONSE" });
    expect(error?.detail?.startsWith("502 Bad Gateway upstream")).toBe(true);
    expect(error?.detail?.length).toBeLessThanOrEqual(201);
  });

  it("fails with AtlasConnectionError (status 0) when no answer comes, and never re-sends a create", async () => {
    let posts = 0;
    server.use(http.post(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, () => {
      posts += 1;
      return HttpResponse.error();
    }));
    const atlas = createAtlasClient({ retry: { baseDelayMs: 1 } });
    const call = atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "t", usernames: [] } });
    await expect(call).rejects.toBeInstanceOf(AtlasConnectionError);
    await expect(call).rejects.toMatchObject({ status: 0, kind: "network", method: "POST" });
    expect(posts).toBe(1);
  });

  it("maps an abort without retries to AtlasConnectionError of kind abort", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, async () => {
      await new Promise((r) => setTimeout(r, 200));
      return HttpResponse.json({ results: [] });
    }));
    const controller = new AbortController();
    const call = createAtlasClient({ retry: false }).GET("/api/atlas/v2/orgs", { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(call).rejects.toMatchObject({ name: "AtlasConnectionError", kind: "abort" });
  });

  it("logs request and response events without the Authorization header", async () => {
    const { events, logger } = captureLogger();
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, () => HttpResponse.json({ results: [], totalCount: 0 })));
    const atlas = createAtlasClient({ logger });
    await atlas.GET("/api/atlas/v2/orgs", { headers: { Authorization: "Bearer secret-token-value" } });
    expect(events.map((e) => e.event)).toEqual(["request", "response"]);
    expect(JSON.stringify(events)).not.toContain("secret-token-value");
  });
});
