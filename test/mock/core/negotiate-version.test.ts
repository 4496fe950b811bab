/**
 * Version negotiation over real HTTP, with raw fetch: what any client, generated from the
 * official spec or hand-written, meets.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operations } from "../../../generated/operations.js";
import { startMockServer, type MockServer } from "../../../src/mock/adapters/start-mock-server.js";
import { digestFetch, getToken, json } from "../mock-helpers.js";

// The table decides: take the first operation whose oldest version has a sunset.
const retiring = operations.find((op) => op.surface === "atlas-v2" && op.method === "GET" && op.versions[0]?.sunset && op.versions.length > 1);
let clock = Date.parse("2026-01-01T00:00:00Z");
let mock: MockServer;
let token = "";
let ORG = "";
const type = (date: string) => `application/vnd.atlas.${date}+json`;

beforeAll(async () => {
  mock = await startMockServer({ now: () => clock, tokenRateLimit: false });
  ORG = mock.credentials.orgId;
});
beforeEach(async () => {
  clock = Date.parse("2026-01-01T00:00:00Z");
  token = await getToken(mock.url, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterAll(() => mock.close());

function get(path: string, accept: string | undefined): Promise<Response> {
  return fetch(`${mock.url}/api/atlas/v2${path}`, { headers: { Authorization: `Bearer ${token}`, ...(accept === undefined ? {} : { Accept: accept }) } });
}

function post(path: string, accept: string, contentType: string, body: unknown): Promise<Response> {
  return fetch(`${mock.url}/api/atlas/v2${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, Accept: accept, "Content-Type": contentType },
    body: JSON.stringify(body),
  });
}

async function expectInvalidVersionDate(response: Response): Promise<void> {
  expect(response.status).toBe(406);
  expect(response.headers.get("Content-Type")).toBe("application/json");
  const body = await json(response);
  expect(body).toMatchObject({ error: 406, errorCode: "INVALID_VERSION_DATE", reason: "Not Acceptable" });
  expect(body.detail).toContain("2023-01-01");
}

describe("the Accept date resolves to the newest version on or before it", () => {
  it("serves the version whose date is asked for, and names it in Content-Type", async () => {
    const response = await get(`/orgs/${ORG}/teams`, type("2023-01-01"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type("2023-01-01"));
  });

  it("serves listOrgs' only version (2023-01-01) to a later date, 2025-03-12, and says so in Content-Type", async () => {
    const response = await get("/orgs", type("2025-03-12"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type("2023-01-01"));
    expect((await json(response)).results[0].id).toBe(ORG);
  });

  it("serves the older version to a date between two versions, and the newer one to a date after both", async () => {
    const between = await get(`/orgs/${ORG}/users`, type("2024-06-30"));
    expect(between.status).toBe(200);
    expect(between.headers.get("Content-Type")).toBe(type("2023-01-01"));
    const after = await get(`/orgs/${ORG}/users`, type("2025-03-12"));
    expect(after.headers.get("Content-Type")).toBe(type("2025-02-19"));
    const exact = await get(`/orgs/${ORG}/users`, type("2025-02-19"));
    expect(exact.headers.get("Content-Type")).toBe(type("2025-02-19"));
  });

  it("takes the first versioned type in Accept whose date resolves, read without case or parameters", async () => {
    const response = await get(`/orgs/${ORG}/users`, `${type("2001-01-01")}, Application/VND.Atlas.2024-01-01+JSON;q=0.9, ${type("2025-02-19")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type("2023-01-01"));
  });
});

describe("406 INVALID_VERSION_DATE, with a detail that lists the versions", () => {
  it("for a date before the operation's first version", async () => {
    await expectInvalidVersionDate(await get(`/orgs/${ORG}/teams`, type("2022-12-31")));
  });

  it("lists every version of the operation", async () => {
    const body = await json(await get(`/orgs/${ORG}/users`, type("2020-01-01")));
    expect(body.detail).toContain("listOrgUsers has versions 2023-01-01, 2025-02-19");
  });

  it.each(["2023-13-01", "2023-02-30", "2023-1-1", "20230101", "latest", ""])("for a malformed date (%j)", async (date) => {
    await expectInvalidVersionDate(await get(`/orgs/${ORG}/teams`, type(date)));
  });

  it("for */*", async () => {
    await expectInvalidVersionDate(await get(`/orgs/${ORG}/teams`, "*/*"));
  });

  it("for plain application/json", async () => {
    await expectInvalidVersionDate(await get(`/orgs/${ORG}/teams`, "application/json"));
  });

  it("without an Accept header at all", async () => {
    // fetch always sends Accept (*/*), so node:http sends the request without one.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      httpRequest(`${mock.url}/api/atlas/v2/orgs/${ORG}/teams`, { headers: { Authorization: `Bearer ${token}` } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      })
        .on("error", reject)
        .end();
    });
    expect(status).toBe(406);
    expect(JSON.parse(body)).toMatchObject({ errorCode: "INVALID_VERSION_DATE" });
  });

  it("before the route runs: nothing is created", async () => {
    await expectInvalidVersionDate(await post(`/orgs/${ORG}/teams`, "application/json", "application/json", { name: "never-made", usernames: [] }));
    expect([...mock.state.teams.values()].some((team) => team.name === "never-made")).toBe(false);
  });
});

describe("request bodies", () => {
  it("accepts a body sent as plain application/json (what openapi-fetch-based clients send)", async () => {
    const response = await post(`/orgs/${ORG}/teams`, type("2023-01-01"), "application/json", { name: "plain-json", usernames: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type("2023-01-01"));
  });

  it("accepts application/json with a charset", async () => {
    const response = await post(`/orgs/${ORG}/teams`, type("2023-01-01"), "application/json; charset=utf-8", { name: "charset-json", usernames: [] });
    expect(response.status).toBe(200);
  });

  it("accepts a versioned type whose date resolves, later than the operation's version included", async () => {
    const response = await post(`/orgs/${ORG}/teams`, type("2025-03-12"), type("2025-03-12"), { name: "later-date", usernames: [] });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe(type("2023-01-01"));
  });

  it("refuses a versioned type whose date resolves to no version: 415 in the Atlas error shape", async () => {
    const response = await post(`/orgs/${ORG}/teams`, type("2023-01-01"), type("2020-01-01"), { name: "too-early", usernames: [] });
    expect(response.status).toBe(415);
    expect(await json(response)).toMatchObject({ error: 415, errorCode: "UNSUPPORTED_MEDIA_TYPE", reason: "Unsupported Media Type", parameters: [] });
    expect([...mock.state.teams.values()].some((team) => team.name === "too-early")).toBe(false);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonx", type("2023-02-30")])("refuses a body sent as %s: 415", async (contentType) => {
    const response = await post(`/orgs/${ORG}/teams`, type("2023-01-01"), contentType, { name: "wrong-type", usernames: [] });
    expect(response.status).toBe(415);
  });

  it("on v1.0: answers application/json and refuses a body that is not application/json: 415", async () => {
    const key = { username: mock.credentials.apiKey.publicKey, password: mock.credentials.apiKey.privateKey };
    const listed = await digestFetch(`${mock.url}/api/atlas/v1.0/orgs`, { headers: { Accept: "application/json" } }, key);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("Content-Type")).toBe("application/json");
    const refused = await digestFetch(`${mock.url}/api/atlas/v1.0/orgs/${ORG}/teams`, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" }, key);
    expect(refused.status).toBe(415);
  });
});

describe.runIf(retiring)("a version with a sunset (from the operations table)", () => {
  const op = retiring!;
  const [old, newer] = op.versions as [{ version: string; sunset: string }, { version: string }];
  const path = () => op.path.replace("/api/atlas/v2", "").replace("{orgId}", ORG);

  it("is served before its sunset with Deprecation and Sunset headers; the newer one carries neither", async () => {
    clock = Date.parse(`${old.sunset}T12:00:00Z`);
    token = await getToken(mock.url, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
    const response = await get(path(), type(old.version));
    expect(response.status).toBe(200);
    expect(response.headers.get("Deprecation")).toBe("true");
    expect(response.headers.get("Sunset")).toBe(new Date(`${old.sunset}T00:00:00Z`).toUTCString());
    const current = await get(path(), type(newer.version));
    expect(current.headers.get("Deprecation")).toBeNull();
    expect(current.headers.get("Sunset")).toBeNull();
  });

  it("answers 410 VERSION_GONE after its sunset, naming the newer version, also to a date that resolves to it", async () => {
    clock = Date.parse(`${old.sunset}T00:00:00Z`) + 86_400_000;
    token = await getToken(mock.url, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
    const between = `${old.version.slice(0, 4)}-12-31`;
    for (const date of [old.version, between]) {
      const response = await get(path(), type(date));
      expect(response.status).toBe(410);
      const body = await json(response);
      expect(body.errorCode).toBe("VERSION_GONE");
      expect(body.detail).toContain(newer.version);
    }
    expect((await get(path(), type(newer.version))).status).toBe(200);
  });
});
