import { describe, expect, it } from "vitest";
import { matchOperation, surfacesOfPath } from "../../../src/mock/core/match-operation.js";

describe("matchOperation", () => {
  it("matches a concrete path, decoding its parameters", () => {
    const match = matchOperation(["atlas-v2"], "GET", "/api/atlas/v2/orgs/5f4e3d2c1b0a998877665544/teams/byName/a%20team");
    expect(match?.operation.operationId).toBe("getOrgTeamByName");
    expect(match?.pathParams).toEqual({ orgId: "5f4e3d2c1b0a998877665544", teamName: "a team" });
  });

  it("treats :addUser as literal text, not a parameter", () => {
    const match = matchOperation(["atlas-v2"], "POST", "/api/atlas/v2/orgs/o1/teams/t1:addUser");
    expect(match?.operation.operationId).toBe("addOrgTeamUser");
    expect(match?.pathParams).toEqual({ orgId: "o1", teamId: "t1" });
  });

  it("prefers the literal path over a templated one and keeps undecodable text as it is", () => {
    expect(matchOperation(["atlas-v2"], "GET", "/api/atlas/v2/orgs/o1/teams/byName/%E0%A4%A")?.pathParams.teamName).toBe("%E0%A4%A");
    expect(matchOperation(["atlas-v2"], "GET", "/api/atlas/v2/orgs/o1/teams/t1")?.operation.operationId).toBe("getOrgTeam");
    expect(matchOperation(["atlas-v2"], "PUT", "/api/atlas/v2/orgs/o1")).toBeUndefined();
  });
});

describe("surfacesOfPath", () => {
  it("tells the surfaces by prefix; the public API serves Cloud Manager and Ops Manager", () => {
    expect(surfacesOfPath("/api/atlas/v2/orgs")).toEqual(["atlas-v2"]);
    expect(surfacesOfPath("/api/atlas/v1.0/orgs")).toEqual(["atlas-v1.0"]);
    expect(surfacesOfPath("/api/public/v1.0/orgs")).toEqual(["cloud-manager", "ops-manager"]);
    expect(surfacesOfPath("/other")).toEqual([]);
  });
});
