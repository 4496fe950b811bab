import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "../../../generated/operations.js";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { digestFetch, getToken, json, v2Headers } from "../mock-helpers.js";

// The table decides: take the first operation whose oldest version has a sunset.
const retiring = operations.find((op) => op.surface === "atlas-v2" && op.method === "GET" && op.versions[0]?.sunset && op.versions.length > 1);
let clock = Date.parse("2026-01-01T00:00:00Z");
const mock = createAtlasMock({ now: () => clock });
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
let token = "";
const teams = `${BASE}/api/atlas/v2/orgs/${ORG}/teams`;
const auth = () => ({ Authorization: `Bearer ${token}` });

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterAll(() => server.close());

describe("versioned media types", () => {
  it("answers 406 INVALID_VERSION_DATE without a versioned Accept", async () => {
    const response = await fetch(teams, { headers: { ...auth(), Accept: "application/json" } });
    expect(response.status).toBe(406);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect((await json(response)).errorCode).toBe("INVALID_VERSION_DATE");
  });

  it("answers 406 for a version the operation does not have", async () => {
    const response = await fetch(teams, { headers: { ...auth(), Accept: "application/vnd.atlas.2099-01-01+json" } });
    expect(response.status).toBe(406);
    expect((await json(response)).detail).toContain("2023-01-01");
  });

  it("answers with the versioned Content-Type", async () => {
    const response = await fetch(teams, { headers: { ...auth(), Accept: "application/vnd.atlas.2023-01-01+json" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.atlas.2023-01-01+json");
    expect(response.headers.get("Deprecation")).toBeNull();
  });

  it("refuses a body without the versioned Content-Type: 415", async () => {
    const response = await fetch(teams, {
      method: "POST",
      headers: { ...auth(), Accept: "application/vnd.atlas.2023-01-01+json", "Content-Type": "application/json" },
      body: JSON.stringify({ name: "t", usernames: [] }),
    });
    expect(response.status).toBe(415);
  });

  it("answers plain application/json on v1.0", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v1.0/orgs`, { headers: { Accept: "application/json" } }, {
      username: mock.credentials.apiKey.publicKey,
      password: mock.credentials.apiKey.privateKey,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json");
  });

  it("refuses a v1.0 body that is not application/json: 415", async () => {
    const response = await digestFetch(
      `${BASE}/api/atlas/v1.0/orgs/${ORG}/teams`,
      { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" },
      { username: mock.credentials.apiKey.publicKey, password: mock.credentials.apiKey.privateKey },
    );
    expect(response.status).toBe(415);
  });
});

describe.runIf(retiring)("a version with a sunset (from the operations table)", () => {
  const op = retiring!;
  const [old, newer] = op.versions as [{ version: string; sunset: string }, { version: string }];
  const url = `${BASE}${op.path.replace("{orgId}", ORG)}`;

  it("is served before its sunset with Deprecation and Sunset headers", async () => {
    clock = Date.parse(`${old.sunset}T12:00:00Z`);
    token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
    const response = await fetch(url, { headers: v2Headers(old.version, token) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Deprecation")).toBe("true");
    expect(response.headers.get("Sunset")).toBe(new Date(`${old.sunset}T00:00:00Z`).toUTCString());
  });

  it("answers 410 VERSION_GONE after its sunset, naming the newer version", async () => {
    clock = Date.parse(`${old.sunset}T00:00:00Z`) + 86_400_000;
    token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
    const response = await fetch(url, { headers: v2Headers(old.version, token) });
    expect(response.status).toBe(410);
    const body = await json(response);
    expect(body.errorCode).toBe("VERSION_GONE");
    expect(body.detail).toContain(newer.version);
  });
});
