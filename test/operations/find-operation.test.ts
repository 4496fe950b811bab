import { describe, expect, it } from "vitest";
import { findOperation } from "../../src/operations/find-operation.js";

describe("findOperation", () => {
  it("finds an operation by method and schema path on the given surfaces only", () => {
    expect(findOperation(["atlas-v2"], "post", "/api/atlas/v2/orgs/{orgId}/teams")?.operationId).toBe("createOrgTeam");
    expect(findOperation(["ops-manager"], "POST", "/api/public/v1.0/orgs")?.surface).toBe("ops-manager");
    expect(findOperation(["cloud-manager"], "POST", "/api/public/v1.0/orgs")?.surface).toBe("cloud-manager");
    expect(findOperation(["atlas-v1.0"], "POST", "/api/atlas/v2/orgs/{orgId}/teams")).toBeUndefined();
  });
});
