import { describe, expect, it } from "vitest";
import { operations } from "../../../generated/operations.js";
import { findRoute, routeKey } from "../../../src/mock/routes/mock-routes.js";

describe("mock routes", () => {
  it("implement every operation of the operations table, on every surface", () => {
    const missing = operations.filter((operation) => !findRoute(operation)).map((operation) => `${operation.surface} ${operation.operationId}`);
    expect(missing).toEqual([]);
  });

  it("key an operation by method and path without surface prefix or parameter names", () => {
    const operation = { ...operations[0]!, method: "POST" as const, path: "/api/public/v1.0/orgs/{ORG-ID}/teams/{teamId}:addUser" };
    expect(routeKey(operation)).toBe("POST /orgs/{}/teams/{}:addUser");
  });
});
