/**
 * Every operation's behaviour, found by route key: the method and the schema path without
 * its surface prefix, parameters blanked (`POST /orgs/{}/teams`). The same key serves an
 * operation on every surface that has it, whatever the operationIds and parameter names.
 *
 * @module
 */
import type { OperationInfo } from "../../../generated/operations.js";
import type { Route } from "./mock-route.js";
import { orgRoutes } from "./org-routes.js";
import { rateLimitRoutes } from "../rate-limits/rate-limit-routes.js";
import { serviceAccountRoutes } from "./service-account-routes.js";
import { teamRoutes } from "./team-routes.js";

const routes: Readonly<Record<string, Route>> = { ...orgRoutes, ...teamRoutes, ...serviceAccountRoutes, ...rateLimitRoutes };

/** The route key of an operation. */
export function routeKey(operation: OperationInfo): string {
  const path = operation.path.replace(/^\/api\/(atlas\/v2|atlas\/v1\.0|public\/v1\.0)/, "").replace(/\{[^}]+\}/g, "{}");
  return `${operation.method} ${path}`;
}

/** The route that implements an operation, if the mock has one. */
export function findRoute(operation: OperationInfo): Route | undefined {
  return routes[routeKey(operation)];
}
