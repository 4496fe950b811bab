/**
 * The generated types say what the documents say. Checked by vitest's typecheck (tsc):
 * a wrong body must not compile.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { components as Atlas, operations as AtlasOps } from "../generated/atlas.js";
import type { components as Cloud, operations as CloudOps } from "../generated/cloud-manager.js";
import type { components as Ops, operations as OpsOps } from "../generated/ops-manager.js";
import { createAtlasClient, createCloudManagerClient, createOpsManagerClient } from "../src/index.js";

type V2<V extends string> = `application/vnd.atlas.${V}+json`;
type Body<Op, M extends string> = Op extends { requestBody: { content: Record<M, infer B> } } ? B : never;
type Ok<Op, S extends number, M extends string> = Op extends { responses: Record<S, { content: Record<M, infer B> }> } ? B : never;
type PathParams<Op> = Op extends { parameters: { path: infer P } } ? P : never;

const ORG = "5f4e3d2c1b0a998877665544";

describe("Atlas v2 createOrgTeam", () => {
  type Op = AtlasOps["createOrgTeam"];
  it("takes { name, usernames: string[] } in the 2023-01-01 media type", () => {
    expectTypeOf<Body<Op, V2<"2023-01-01">>>().toEqualTypeOf<Atlas["schemas"]["CreateTeamRequest"]>();
    expectTypeOf<Atlas["schemas"]["CreateTeamRequest"]["usernames"]>().toEqualTypeOf<string[]>();
    expectTypeOf<Atlas["schemas"]["CreateTeamRequest"]["name"]>().toEqualTypeOf<string>();
  });
  it("has the org id as its path parameter", () => {
    expectTypeOf<PathParams<Op>>().toEqualTypeOf<{ orgId: string }>();
  });
  it("answers the team, and errors in the shared ApiError shape", () => {
    expectTypeOf<Ok<Op, 200, V2<"2023-01-01">>>().toEqualTypeOf<Atlas["schemas"]["Team"]>();
    expectTypeOf<Atlas["schemas"]["Team"]["usernames"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<Ok<Op, 400, "application/json">>().toEqualTypeOf<Atlas["schemas"]["ApiError"]>();
    expectTypeOf<Atlas["schemas"]["ApiError"]["errorCode"]>().toEqualTypeOf<string>();
  });
  it("refuses a wrong body at compile time", () => {
    const atlas = createAtlasClient();
    // @ts-expect-error usernames must be an array of strings
    void atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG } }, body: { name: "t", usernames: "ann@example.com" } });
    // @ts-expect-error name is required
    void atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG } }, body: { usernames: [] } });
    // @ts-expect-error the org id is required
    void atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { body: { name: "t", usernames: [] } });
  });
});

describe("Atlas v2 createOrgServiceAccount", () => {
  type Op = AtlasOps["createOrgServiceAccount"];
  type Req = Body<Op, V2<"2024-08-05">>;
  it("requires name, description, roles and secretExpiresAfterHours", () => {
    expectTypeOf<Req>().toEqualTypeOf<Atlas["schemas"]["OrgServiceAccountRequest"]>();
    expectTypeOf<Req["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Req["description"]>().toEqualTypeOf<string>();
    expectTypeOf<Req["secretExpiresAfterHours"]>().toEqualTypeOf<number>();
    expectTypeOf<Req["roles"][number]>().toEqualTypeOf<Atlas["schemas"]["OrgRole"]>();
    expectTypeOf<"ORG_OWNER">().toMatchTypeOf<Atlas["schemas"]["OrgRole"]>();
  });
  it("answers 201 with the service account and its secrets", () => {
    expectTypeOf<Ok<Op, 201, V2<"2024-08-05">>>().toEqualTypeOf<Atlas["schemas"]["OrgServiceAccount"]>();
    expectTypeOf<NonNullable<Atlas["schemas"]["OrgServiceAccount"]["secrets"]>[number]>().toEqualTypeOf<Atlas["schemas"]["ServiceAccountSecret"]>();
  });
  it("refuses a body without its required fields or with an unknown role", () => {
    const atlas = createAtlasClient();
    // @ts-expect-error secretExpiresAfterHours is required
    void atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts", { params: { path: { orgId: ORG } }, body: { name: "n", description: "d", roles: ["ORG_MEMBER"] } });
    // @ts-expect-error ROOT is not an organization role
    void atlas.POST("/api/atlas/v2/orgs/{orgId}/serviceAccounts", { params: { path: { orgId: ORG } }, body: { name: "n", description: "d", roles: ["ROOT"], secretExpiresAfterHours: 8 } });
  });
});

describe("Atlas v2 createOrg", () => {
  type Op = AtlasOps["createOrg"];
  it("requires name and answers 201 holding the organization", () => {
    expectTypeOf<Body<Op, V2<"2023-01-01">>["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Ok<Op, 201, V2<"2023-01-01">>>().toEqualTypeOf<Atlas["schemas"]["CreateOrganizationResponse"]>();
    expectTypeOf<NonNullable<Atlas["schemas"]["CreateOrganizationResponse"]["organization"]>>().toEqualTypeOf<Atlas["schemas"]["Organization"]>();
  });
  it("refuses an org without a name", () => {
    // @ts-expect-error name is required
    void createAtlasClient().POST("/api/atlas/v2/orgs", { body: { orgOwnerId: ORG } });
  });
});

describe("the public API surfaces", () => {
  it("Cloud Manager's create organization takes only a name; Ops Manager's adds ldapGroupMappings", () => {
    expectTypeOf<Body<CloudOps["createOrg"], "application/json">>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<NonNullable<Body<OpsOps["createOrg"], "application/json">["ldapGroupMappings"]>[number]>().toEqualTypeOf<Ops["schemas"]["LdapGroupMapping"]>();
    expectTypeOf<Ops["schemas"]["LdapGroupMapping"]["roleName"]>().toEqualTypeOf<"ORG_OWNER" | "ORG_MEMBER" | "ORG_READ_ONLY">();
  });
  it("answers 200 with { id, name }", () => {
    // Exact: a loose `toMatchTypeOf<{ id?: string; name?: string }>` would pass for `{}`.
    expectTypeOf<Ok<CloudOps["createOrg"], 200, "application/json">>().toEqualTypeOf<Cloud["schemas"]["PublicOrganization"]>();
    expectTypeOf<Pick<Cloud["schemas"]["PublicOrganization"], "id" | "name">>().toEqualTypeOf<{ id: string; name: string }>();
  });
  it("each factory holds only its own surface's paths", () => {
    // @ts-expect-error Atlas paths are not on the Cloud Manager client
    void createCloudManagerClient().GET("/api/atlas/v2/orgs");
    // @ts-expect-error Cloud Manager paths are not on the Atlas client
    void createAtlasClient().GET("/api/public/v1.0/orgs");
    // @ts-expect-error Ops Manager has no default base URL
    void createOpsManagerClient({});
    void createOpsManagerClient({ baseUrl: "https://om.example.com:8080" }).POST("/api/public/v1.0/orgs", {
      body: { name: "o", ldapGroupMappings: [{ roleName: "ORG_OWNER", ldapGroups: ["admins"] }] },
    });
  });
});

describe("Atlas v2 rate limits", () => {
  type Set = Atlas["schemas"]["RateLimitEndpointSet"];
  it("answers endpoint sets whose figures are { value, defaultValue? } in the 2025-03-12 media type", () => {
    expectTypeOf<Ok<AtlasOps["getRateLimit"], 200, V2<"2025-03-12">>>().toEqualTypeOf<Set>();
    expectTypeOf<Ok<AtlasOps["listRateLimits"], 200, V2<"2025-03-12">>>().toEqualTypeOf<Atlas["schemas"]["PaginatedRateLimitEndpointSets"]>();
    expectTypeOf<NonNullable<Set["capacity"]>["value"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<Set["refillRate"]>["defaultValue"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<Set["scope"]>().toEqualTypeOf<"IP" | "GROUP" | "ORGANIZATION" | "USER" | undefined>();
  });
  it("declares Retry-After on the 429 answer and the RateLimit headers on success", () => {
    type Headers429 = AtlasOps["createOrgTeam"]["responses"][429]["headers"];
    expectTypeOf<Headers429["Retry-After"]>().toEqualTypeOf<number>();
    type Headers200 = AtlasOps["listOrgs"]["responses"][200]["headers"];
    expectTypeOf<Headers200["RateLimit-Remaining"]>().toEqualTypeOf<number>();
  });
  it("filters by org id in the query, and refuses an unknown query parameter", () => {
    const atlas = createAtlasClient();
    void atlas.GET("/api/atlas/v2/rateLimits", { params: { query: { orgId: ORG, endpointPath: "/api/atlas/v2/orgs" } } });
    // @ts-expect-error includeCount is not a parameter of listRateLimits
    void atlas.GET("/api/atlas/v2/rateLimits", { params: { query: { includeCount: true } } });
  });
});

describe("Atlas v1.0 renameOrgV1", () => {
  it("takes { name } only, as application/json, and answers the organization", () => {
    type Op = AtlasOps["renameOrgV1"];
    expectTypeOf<Body<Op, "application/json">>().toEqualTypeOf<Atlas["schemas"]["RenameOrganizationRequest"]>();
    expectTypeOf<Ok<Op, 200, "application/json">>().toEqualTypeOf<Atlas["schemas"]["Organization"]>();
    const atlas = createAtlasClient();
    // @ts-expect-error name is required
    void atlas.PATCH("/api/atlas/v1.0/orgs/{orgId}", { params: { path: { orgId: ORG } }, body: {} });
  });
});

describe("the versions option", () => {
  it("takes an Atlas v2 operationId with one of its own versions, and refuses a misspelt operationId or an unknown version", () => {
    void createAtlasClient({ versions: { listOrgUsers: "2023-01-01", listOrgTeamUsers: "2025-02-19", createOrgServiceAccount: "2024-08-05" } });
    // @ts-expect-error listOrgUser is not an operationId (listOrgUsers is)
    void createAtlasClient({ versions: { listOrgUser: "2023-01-01" } });
    // @ts-expect-error listOrgs has no version 2099-01-01
    void createAtlasClient({ versions: { listOrgs: "2099-01-01" } });
    // @ts-expect-error createOrgTeam has 2023-01-01 only; 2025-02-19 belongs to other operations
    void createAtlasClient({ versions: { createOrgTeam: "2025-02-19" } });
    // @ts-expect-error listOrgsV1 is on v1.0, which has no media-type versions
    void createAtlasClient({ versions: { listOrgsV1: "2023-01-01" } });
  });
});
