import { describe, expect, it } from "vitest";
import { operations } from "../../generated/operations.js";
import { bucketKey, preloadRateLimits } from "../../src/rate-limit/preload-rate-limits.js";
import { captureLogger, ORG_ID } from "../support/msw.js";

const createTeam = operations.find((op) => op.operationId === "createOrgTeam" && op.surface === "atlas-v2");
const teamsUrl = (orgId: string) => `https://cloud.mongodb.com/api/atlas/v2/orgs/${orgId}/teams?envelope=true`;

describe("bucketKey", () => {
  it("keys a request by method, path template and the org id in its path", () => {
    const request = new Request(teamsUrl(ORG_ID), { method: "POST" });
    expect(bucketKey(request, createTeam, undefined)).toEqual({ key: `POST /api/atlas/v2/orgs/{orgId}/teams ${ORG_ID}`, name: "POST /api/atlas/v2/orgs/{orgId}/teams" });
  });

  it("falls back to the URL path for a request the operations table does not know", () => {
    const request = new Request("https://cloud.mongodb.com/api/atlas/v2/unknown?x=1");
    expect(bucketKey(request, undefined, undefined).key).toBe("GET /api/atlas/v2/unknown ");
  });

  it("with endpoint sets, keys by the set and its scope: a USER-scoped set is one bucket across organizations", () => {
    const set = { id: "teams_user", scope: "USER", capacity: 5, rate: 1, periodSeconds: 60 };
    const sets = new Map([["POST /api/atlas/v2/orgs/{orgId}/teams", set]]);
    const one = bucketKey(new Request(teamsUrl(ORG_ID), { method: "POST" }), createTeam, sets);
    const other = bucketKey(new Request(teamsUrl("0123456789abcdef01234567"), { method: "POST" }), createTeam, sets);
    expect(one).toEqual({ key: "teams_user ", name: "teams_user", set });
    expect(other.key).toBe(one.key);
  });
});

describe("preloadRateLimits", () => {
  it("reads listRateLimits (2025-03-12) and maps every endpoint to its set's limits", async () => {
    const seen: Request[] = [];
    const answer = { results: [{ endpointSetId: "s1", scope: "ORGANIZATION", endpoints: [{ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/teams" }], capacity: { value: 10 }, refillRate: { value: 5 }, refillDurationSeconds: { value: 60 } }] };
    const sets = await preloadRateLimits(async (request) => {
      seen.push(request);
      return Response.json(answer);
    }, new Request(teamsUrl(ORG_ID)));
    expect(seen[0]?.url).toBe("https://cloud.mongodb.com/api/atlas/v2/rateLimits?itemsPerPage=500");
    expect(seen[0]?.headers.get("Accept")).toBe("application/vnd.atlas.2025-03-12+json");
    expect(sets?.get("POST /api/atlas/v2/orgs/{orgId}/teams")).toEqual({ id: "s1", scope: "ORGANIZATION", capacity: 10, rate: 5, periodSeconds: 60 });
  });

  it("gives up quietly when the server does not answer it, saying so to the logger", async () => {
    const { events, logger } = captureLogger();
    const sets = await preloadRateLimits(async () => new Response("{}", { status: 403 }), new Request(teamsUrl(ORG_ID)), logger);
    expect(sets).toBeUndefined();
    expect(events[0]).toMatchObject({ event: "rate-limit", message: expect.stringContaining("answered 403") });
  });
});
