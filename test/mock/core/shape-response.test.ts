import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { shapeResponse } from "../../../src/mock/core/shape-response.js";
import { getToken, json, v2Caller } from "../mock-helpers.js";

const mock = createAtlasMock();
const real = createAtlasMock({ baseUrl: "https://real.example", envelopeStatus: "real" });
const server = setupServer(...mock.handlers, ...real.handlers);
const ORG = mock.credentials.orgId;
const { clientId, clientSecret } = mock.credentials.serviceAccount;
let token = "";
let realToken = "";
const call = v2Caller(mock.baseUrl, () => token);
const realCall = v2Caller(real.baseUrl, () => realToken);

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  realToken = await getToken(real.baseUrl, clientId, clientSecret);
});
// reset() forgets issued tokens, so each test signs in afresh.
beforeEach(async () => {
  token = await getToken(mock.baseUrl, clientId, clientSecret);
});
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("envelope=true (status line 200, the default)", () => {
  it("wraps a single resource in { status, content }", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: [] }, "2023-01-01", "?envelope=true");
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.status).toBe(200);
    expect(body.content).toMatchObject({ name: "t" });
  });

  it("adds status beside results in a list", async () => {
    const body = await json(await call("GET", `/orgs/${ORG}/teams`, undefined, "2023-01-01", "?envelope=true"));
    expect(body).toMatchObject({ status: 200, results: [], totalCount: 0 });
  });

  it("wraps an error and answers 200", async () => {
    const response = await call("GET", `/orgs/${"d".repeat(24)}`, undefined, "2023-01-01", "?envelope=true");
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ status: 404, content: { errorCode: "ORG_NOT_FOUND" } });
  });

  it("answers a 204 as { status: 204 }", async () => {
    const team = await json(await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: [] }));
    const response = await call("DELETE", `/orgs/${ORG}/teams/${team.id}`, undefined, "2023-01-01", "?envelope=true");
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 204 });
  });
});

describe('envelope=true with envelopeStatus "real"', () => {
  it("keeps the real status line and wraps the body", async () => {
    const response = await realCall("GET", `/orgs/${"d".repeat(24)}`, undefined, "2023-01-01", "?envelope=true");
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ status: 404, content: { errorCode: "ORG_NOT_FOUND" } });
  });
});

describe("pretty=true", () => {
  it("indents the JSON", async () => {
    const text = await (await call("GET", `/orgs/${ORG}`, undefined, "2023-01-01", "?pretty=true")).text();
    expect(text).toContain('\n  "id": ');
  });

  it("leaves the JSON compact without it", async () => {
    expect(await (await call("GET", `/orgs/${ORG}`)).text()).not.toContain("\n");
  });
});

describe("shapeResponse", () => {
  it("passes a non-JSON body through untouched", async () => {
    const shaped = await shapeResponse(new Response("plain", { headers: { "Content-Type": "text/plain" } }), new URL("https://x/?envelope=true"), "200");
    expect(await shaped.text()).toBe("plain");
  });
});
