import { http, HttpResponse } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AtlasApiError, createAtlasClient, unwrap } from "../../src/index.js";
import type { AtlasComponents } from "../../src/index.js";
import { ORG_ID, TEAM_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";

describe("unwrap", () => {
  it("returns data, typed by the operation", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ id: TEAM_ID, name: "dbas" })));
    const team = unwrap(await createAtlasClient().GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } }));
    expectTypeOf(team).toEqualTypeOf<AtlasComponents["schemas"]["TeamResponse"]>();
    expect(team.name).toBe("dbas");
  });

  it("returns undefined for a 204", async () => {
    server.use(http.delete(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => new HttpResponse(null, { status: 204 })));
    const result = unwrap(await createAtlasClient().DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } }));
    expect(result).toBeUndefined();
  });

  it("throws AtlasApiError naming the method, URL and operation of the failed call", async () => {
    server.use(http.post(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, () => HttpResponse.json({ error: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "Taken." }, { status: 409 })));
    const result = await createAtlasClient().POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "dbas", usernames: [] } });
    const error = (() => {
      try {
        unwrap(result);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ status: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE", method: "POST", operationId: "createOrgTeam", url: `${BASE}/api/atlas/v2/orgs/${ORG_ID}/teams` });
    expect(String(error)).toContain("POST https://cloud.mongodb.com/api/atlas/v2/orgs/5f4e3d2c1b0a998877665544/teams → 409 TEAM_NAME_NOT_AVAILABLE: Taken.");
  });

  it("throws for an error answer with an empty body", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, () => new HttpResponse(null, { status: 503, headers: { "Content-Length": "0" } })));
    const result = await createAtlasClient({ retry: false }).GET("/api/atlas/v2/orgs");
    expect(() => unwrap(result)).toThrow(AtlasApiError);
  });

  it("works on a result that did not come through a client", () => {
    const response = new Response(null, { status: 404 });
    expect(() => unwrap({ error: { error: 404, errorCode: "ORG_NOT_FOUND" }, response })).toThrow(/404 ORG_NOT_FOUND/);
  });
});
