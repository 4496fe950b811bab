/**
 * `listRateLimits` and `getRateLimit`: the endpoint sets and limits the mock enforces.
 *
 * @module
 */
import { MockError } from "../core/mock-error.js";
import { requireOrg } from "../routes/mock-access.js";
import { param, type Route, type RouteContext } from "../routes/mock-route.js";
import { mockRateLimiterOf, type MockRateLimitSet } from "./mock-rate-limits.js";

/** One endpoint set as Atlas reports it (`RateLimitEndpointSetResponse`). */
function setView(set: MockRateLimitSet): Record<string, unknown> {
  return {
    endpointSetId: set.id,
    endpointSetName: set.name ?? set.id,
    scope: set.scope,
    endpoints: set.endpoints.map(({ method, path }) => ({ method, path })),
    capacity: { value: set.capacity },
    refillRate: { value: set.refillRate },
    refillDurationSeconds: { value: set.refillDurationSeconds },
  };
}

function setsOf(context: RouteContext): readonly MockRateLimitSet[] {
  return mockRateLimiterOf(context.state)?.sets ?? [];
}

/** A scope filter (`orgId`, `groupId`, `userId`, `ipAddress`) keeps only the sets of that scope. */
const SCOPE_PARAMS = { orgId: "ORGANIZATION", groupId: "GROUP", userId: "USER", ipAddress: "IP" } as const;

const listRateLimits: Route = (context) => {
  const query = context.url.searchParams;
  const orgId = query.get("orgId");
  if (orgId) requireOrg(context.state, context.principal, orgId, "member");
  const scopes = Object.entries(SCOPE_PARAMS).filter(([name]) => query.has(name)).map(([, scope]) => scope as string);
  const names = query.getAll("name");
  const paths = query.getAll("endpointPath");
  const list = setsOf(context).filter(
    (set) =>
      scopes.every((scope) => set.scope === scope) &&
      (names.length === 0 || names.includes(set.name ?? set.id)) &&
      (paths.length === 0 || set.endpoints.some((endpoint) => paths.includes(endpoint.path))),
  );
  return { list: list.map(setView) };
};

const getRateLimit: Route = (context) => {
  const id = param(context, 0);
  const set = setsOf(context).find((candidate) => candidate.id === id);
  if (!set) throw new MockError(404, "RESOURCE_NOT_FOUND", `No rate limit endpoint set with ID ${id} exists.`);
  return { body: setView(set) };
};

/** The routes, by route key. */
export const rateLimitRoutes: Readonly<Record<string, Route>> = {
  "GET /rateLimits": listRateLimits,
  "GET /rateLimits/{}": getRateLimit,
};
