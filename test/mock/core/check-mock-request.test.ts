import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { getToken, json, v2Caller, v2Headers } from "../mock-helpers.js";

const mock = createAtlasMock();
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
let token = "";
const call = v2Caller(BASE, () => token);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterAll(() => server.close());

describe("request checks", () => {
  it("refuses a path parameter that breaks its pattern: 400 INVALID_ATTRIBUTE naming it", async () => {
    const response = await call("GET", "/orgs/not-an-id");
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body).toMatchObject({ error: 400, errorCode: "INVALID_ATTRIBUTE", reason: "Bad Request" });
    expect(body.badRequestDetail.fields[0].field).toBe("orgId");
  });

  it("refuses a missing required field and lists every problem", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams`, { usernames: ["x"] });
    const body = await json(response);
    expect(body.errorCode).toBe("INVALID_TEAM_NAME");
    expect(body.badRequestDetail.fields.map((field: { field: string }) => field.field)).toEqual(["name", "usernames[0]"]);
  });

  it("refuses an empty team name: 400 INVALID_TEAM_NAME", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "", usernames: [] });
    expect((await json(response)).errorCode).toBe("INVALID_TEAM_NAME");
  });

  it("refuses a missing body where the operation takes one", async () => {
    const response = await fetch(`${BASE}/api/atlas/v2/orgs/${ORG}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token) });
    expect(response.status).toBe(400);
  });

  it("refuses malformed JSON: 400 INVALID_JSON", async () => {
    const response = await fetch(`${BASE}/api/atlas/v2/orgs/${ORG}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token), body: "{ nope" });
    expect(response.status).toBe(400);
    expect((await json(response)).errorCode).toBe("INVALID_JSON");
  });

  it("refuses a rename to an invalid organization name: 400 INVALID_ORG_NAME", async () => {
    const response = await call("PATCH", `/orgs/${ORG}`, { name: "x".repeat(65) });
    expect((await json(response)).errorCode).toBe("INVALID_ORG_NAME");
  });
});
