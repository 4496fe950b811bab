import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AtlasValidationError, createAtlasClient, createCloudManagerClient, createOpsManagerClient, operations, type OperationInfo } from "../../src/index.js";
import { ORG_ID, TEAM_ID, USER_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const OPS_MANAGER = "https://opsmanager.example.com:8080";

const PATH_VALUES: Readonly<Record<string, string>> = {
  orgId: ORG_ID,
  teamId: TEAM_ID,
  userId: USER_ID,
  clientId: `mdb_sa_id_${ORG_ID}`,
  secretId: TEAM_ID,
  ipAddress: "203.0.113.10",
  teamName: "dbas",
};

type Caller = Record<string, (path: string, init: object) => Promise<unknown>>;

function clientFor(operation: OperationInfo, checkBodies: boolean): Caller {
  const options = { retry: false as const, checkBodies };
  if (operation.surface === "cloud-manager") return createCloudManagerClient(options) as unknown as Caller;
  if (operation.surface === "ops-manager") return createOpsManagerClient({ ...options, baseUrl: OPS_MANAGER }) as unknown as Caller;
  return createAtlasClient(options) as unknown as Caller;
}

const withBody = operations.filter((op) => op.requestBody);

describe("validateRequestMiddleware and a body the spec requires", () => {
  it("covers operations of every surface", () => {
    expect(new Set(withBody.map((op) => op.surface))).toEqual(new Set(["atlas-v2", "atlas-v1.0", "cloud-manager", "ops-manager"]));
  });

  it.each(withBody.map((op) => [`${op.surface} ${op.operationId}`, op] as const))("refuses %s sent without its body, naming the body, before sending", async (_, operation) => {
    let sent = 0;
    server.use(http.all("*", () => (sent++, HttpResponse.json({}))));
    const path = Object.fromEntries([...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => [name, PATH_VALUES[name]]));
    for (const checkBodies of [true, false]) {
      const call = clientFor(operation, checkBodies)[operation.method]!(operation.path, { params: { path } });
      const error = await call.then(
        () => expect.unreachable("a call without its body must be refused"),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AtlasValidationError);
      expect(error).toMatchObject({ operationId: operation.operationId, field: "body", rule: "required", mayHaveActed: false });
      expect((error as Error).message).toBe(`${operation.operationId}: body is required; nothing was sent`);
    }
    expect(sent).toBe(0);
  });

  it("still sends an operation that takes no body without one", async () => {
    let sent = 0;
    server.use(http.delete("*", () => (sent++, new HttpResponse(null, { status: 204 }))));
    const atlas = createAtlasClient({ retry: false });
    const { response } = await atlas.DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    expect(response.status).toBe(204);
    expect(sent).toBe(1);
  });
});
