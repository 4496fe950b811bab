/**
 * listRateLimits and getRateLimit answer from the same configuration the buckets use.
 */
import { describe, expect, it } from "vitest";
import { createMockCore } from "../../../src/mock/core/create-mock-core.js";
import { json, v2Headers } from "../mock-helpers.js";

const BASE = "http://mock.test";
const set = {
  id: "createTeam_org",
  name: "Create Team",
  scope: "ORGANIZATION" as const,
  endpoints: [{ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/teams" }],
  capacity: 7,
  refillRate: 3,
  refillDurationSeconds: 30,
};

async function caller() {
  const core = createMockCore({ rateLimits: { sets: [set], defaults: { capacity: 50, refillRate: 50, refillDurationSeconds: 60 } } });
  const { clientId, clientSecret } = core.credentials.serviceAccount;
  const tokenAnswer = await core.handle(
    new Request(`${BASE}/api/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    }),
  );
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const get = (path: string) => core.handle(new Request(`${BASE}/api/atlas/v2${path}`, { headers: v2Headers("2025-03-12", token) }));
  return { core, get };
}

describe("rate-limit routes", () => {
  it("listRateLimits pages every endpoint set: the configured ones with their figures, then one per other v2 operation with the defaults", async () => {
    const { get } = await caller();
    const page = await json(await get("/rateLimits?itemsPerPage=500"));
    expect(page.results[0]).toEqual({
      endpointSetId: "createTeam_org",
      endpointSetName: "Create Team",
      scope: "ORGANIZATION",
      endpoints: [{ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/teams" }],
      capacity: { value: 7 },
      refillRate: { value: 3 },
      refillDurationSeconds: { value: 30 },
    });
    const listOrgs = page.results.find((entry: { endpoints: { path: string; method: string }[] }) => entry.endpoints[0]?.path === "/api/atlas/v2/orgs" && entry.endpoints[0]?.method === "GET");
    expect(listOrgs).toMatchObject({ scope: "USER", capacity: { value: 50 } });
    expect(page.totalCount).toBe(page.results.length);
    expect(page.results.some((entry: { endpoints: { path: string; method: string }[] }) => entry.endpoints.some((e) => e.method === "POST" && e.path === "/api/atlas/v2/orgs/{orgId}/teams" && entry !== page.results[0]))).toBe(false);
  });

  it("filters by scope (orgId, groupId, userId, ipAddress), name and endpointPath", async () => {
    const { core, get } = await caller();
    const byOrg = await json(await get(`/rateLimits?orgId=${core.credentials.orgId}&itemsPerPage=500`));
    expect(byOrg.results.length).toBeGreaterThan(1);
    expect(byOrg.results.every((entry: { scope: string }) => entry.scope === "ORGANIZATION")).toBe(true);
    const byName = await json(await get("/rateLimits?name=Create%20Team"));
    expect(byName.results.map((entry: { endpointSetId: string }) => entry.endpointSetId)).toEqual(["createTeam_org"]);
    const byPath = await json(await get(`/rateLimits?endpointPath=${encodeURIComponent("/api/atlas/v2/orgs/{orgId}/teams")}&itemsPerPage=500`));
    expect(byPath.results.map((entry: { endpointSetId: string }) => entry.endpointSetId)).toContain("createTeam_org");
    expect((await json(await get("/rateLimits?ipAddress=127.0.0.1"))).results).toEqual([]);
  });

  it("getRateLimit answers one endpoint set, and 404 for an id it does not have", async () => {
    const { get } = await caller();
    expect(await json(await get("/rateLimits/createTeam_org"))).toMatchObject({ endpointSetId: "createTeam_org", capacity: { value: 7 } });
    const missing = await get("/rateLimits/noSuchSet");
    expect(missing.status).toBe(404);
    expect((await json(missing)).errorCode).toBe("RESOURCE_NOT_FOUND");
  });

  it("refuses orgId of an organization the caller cannot read", async () => {
    const { get } = await caller();
    expect((await get("/rateLimits?orgId=0123456789abcdef01234567")).status).toBe(404);
  });
});
