import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { resolveOperation } from "../../../src/cli/program/resolve-operation.js";

const addUser = [
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}:addUser" },
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}/users" },
] as const;

describe("resolveOperation", () => {
  it("takes the first route the API has: :addUser on Atlas v2", () => {
    const { operation, route } = resolveOperation("atlas", "teams add-user", addUser);
    expect(operation).toMatchObject({ operationId: "addOrgTeamUser", surface: "atlas-v2" });
    expect(route).toBe(addUser[0]);
  });

  it("falls back to the older users list where :addUser does not exist", () => {
    expect(resolveOperation("atlas-v1", "teams add-user", addUser).operation.operationId).toBe("addTeamUsersV1");
    expect(resolveOperation("ops-manager", "teams add-user", addUser).operation).toMatchObject({ operationId: "addTeamUsers", surface: "ops-manager" });
  });

  it("tells Cloud Manager and Ops Manager apart although their paths are the same", () => {
    const route = [{ method: "GET", path: "/orgs" }] as const;
    expect(resolveOperation("cloud-manager", "orgs list", route).operation.surface).toBe("cloud-manager");
    expect(resolveOperation("ops-manager", "orgs list", route).operation.surface).toBe("ops-manager");
  });

  it("refuses a command the API lacks and names the APIs that have it", () => {
    const run = () => resolveOperation("cloud-manager", "orgs rename", [{ method: "PATCH", path: "/orgs/{orgId}" }]);
    expect(run).toThrow(CliUsageError);
    expect(run).toThrow("orgs rename is not available with --api cloud-manager: the Cloud Manager public API v1.0 has no such operation; it is available with --api atlas");
  });

  it("says nothing about other APIs when none has the command", () => {
    expect(() => resolveOperation("atlas", "x", [{ method: "PUT", path: "/nowhere" }])).toThrow(/has no such operation$/);
  });
});
