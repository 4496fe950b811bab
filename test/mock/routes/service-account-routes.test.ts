import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { getToken, json, requestToken, v2Caller } from "../mock-helpers.js";

const mock = createAtlasMock();
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
const SEEDED = mock.credentials.serviceAccount.clientId;
let token = "";
const call = v2Caller(BASE, () => token);
const sa = (method: string, path: string, body?: unknown) => call(method, `/orgs/${ORG}/serviceAccounts${path}`, body, "2024-08-05");
const newAccount = { name: "deployer", description: "CI deployer", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 24 };

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
// reset() forgets issued tokens, so each test signs in afresh.
beforeEach(async () => {
  token = await getToken(BASE, SEEDED, mock.credentials.serviceAccount.clientSecret);
});
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("service accounts", () => {
  it("shows a new account's secret in the create answer only, masked afterwards", async () => {
    const response = await sa("POST", "", newAccount);
    expect(response.status).toBe(201);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.atlas.2024-08-05+json");
    const created = await json(response);
    expect(created).toMatchObject({ name: "deployer", description: "CI deployer", roles: ["ORG_MEMBER"] });
    const secret: string = created.secrets[0].secret;
    expect(secret).toMatch(/^mdb_sa_sk_[0-9a-f]{32}$/);
    const again = await json(await sa("GET", `/${created.clientId}`));
    expect(again.secrets[0]).not.toHaveProperty("secret");
    expect(again.secrets[0].maskedSecretValue).toBe(`mdb_sa_sk_...${secret.slice(-4)}`);
    const listed = await json(await sa("GET", ""));
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it("answers 404 SERVICE_ACCOUNT_NOT_FOUND for an unknown account, and for another organization's account addressed under this one", async () => {
    const other = "b".repeat(24);
    mock.state.organizations.set(other, { id: other, name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    const theirs = `mdb_sa_id_${"c".repeat(24)}`;
    mock.state.serviceAccounts.set(theirs, { clientId: theirs, orgId: other, name: "theirs", description: "d", roles: ["ORG_OWNER"], createdAt: "", secrets: [], accessList: [] });
    for (const clientId of [theirs, `mdb_sa_id_${"d".repeat(24)}`]) {
      for (const [method, body] of [["GET", undefined], ["PATCH", { name: "mine" }], ["DELETE", undefined]] as const) {
        const response = await sa(method, `/${clientId}`, body);
        expect(response.status).toBe(404);
        expect((await json(response)).errorCode).toBe("SERVICE_ACCOUNT_NOT_FOUND");
      }
    }
    expect(mock.state.serviceAccounts.get(theirs)?.name).toBe("theirs");
  });

  it("lists, updates and deletes an account; its tokens die with it", async () => {
    const created = await json(await sa("POST", "", newAccount));
    const accountToken = await getToken(BASE, created.clientId, created.secrets[0].secret);
    expect((await json(await sa("GET", ""))).totalCount).toBe(2);
    const updated = await json(await sa("PATCH", `/${created.clientId}`, { name: "renamed", description: "new", roles: ["ORG_READ_ONLY"] }));
    expect(updated).toMatchObject({ name: "renamed", description: "new", roles: ["ORG_READ_ONLY"] });
    expect((await sa("DELETE", `/${created.clientId}`)).status).toBe(204);
    expect((await v2Caller(BASE, () => accountToken)("GET", "/orgs")).status).toBe(401);
    const missing = await sa("GET", `/${created.clientId}`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).errorCode).toBe("SERVICE_ACCOUNT_NOT_FOUND");
  });

  it("a member account may read but not create: 401 NOT_ORG_OWNER", async () => {
    const created = await json(await sa("POST", "", newAccount));
    const memberToken = await getToken(BASE, created.clientId, created.secrets[0].secret);
    const memberCall = v2Caller(BASE, () => memberToken);
    expect((await memberCall("GET", `/orgs/${ORG}/serviceAccounts`, undefined, "2024-08-05")).status).toBe(200);
    const refused = await memberCall("POST", `/orgs/${ORG}/serviceAccounts`, newAccount, "2024-08-05");
    expect(refused.status).toBe(401);
    expect((await json(refused)).errorCode).toBe("NOT_ORG_OWNER");
  });

  it("refuses a body against the spec with badRequestDetail.fields", async () => {
    const response = await sa("POST", "", { ...newAccount, roles: [], secretExpiresAfterHours: 0 });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errorCode).toBe("INVALID_ATTRIBUTE");
    expect(body.badRequestDetail.fields.map((field: { field: string }) => field.field)).toEqual(["roles", "secretExpiresAfterHours"]);
  });
});

describe("secrets", () => {
  it("shows a new secret once; it then gets tokens; a deleted one does not", async () => {
    const response = await sa("POST", `/${SEEDED}/secrets`, { secretExpiresAfterHours: 2 });
    expect(response.status).toBe(201);
    const secret = await json(response);
    expect(secret.secret).toMatch(/^mdb_sa_sk_/);
    expect(Date.parse(secret.expiresAt) - Date.parse(secret.createdAt)).toBe(2 * 3_600_000);
    expect((await requestToken(BASE, SEEDED, secret.secret)).status).toBe(200);
    const account = await json(await sa("GET", `/${SEEDED}`));
    expect(account.secrets).toHaveLength(2);
    expect(account.secrets[1]).not.toHaveProperty("secret");
    expect((await sa("DELETE", `/${SEEDED}/secrets/${secret.id}`)).status).toBe(204);
    expect((await requestToken(BASE, SEEDED, secret.secret)).status).toBe(401);
  });

  it("answers 404 for an unknown secret", async () => {
    const response = await sa("DELETE", `/${SEEDED}/secrets/${"c".repeat(24)}`);
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("RESOURCE_NOT_FOUND");
  });
});

describe("access list and projects", () => {
  it("adds addresses and blocks once each, lists and deletes them", async () => {
    const added = await sa("POST", `/${SEEDED}/accessList`, [{ ipAddress: "203.0.113.10" }, { cidrBlock: "198.51.100.0/24" }, { ipAddress: "203.0.113.10" }]);
    expect(added.status).toBe(200);
    expect((await json(added)).results.map((entry: { cidrBlock: string }) => entry.cidrBlock)).toEqual(["203.0.113.10/32", "198.51.100.0/24"]);
    expect((await sa("DELETE", `/${SEEDED}/accessList/203.0.113.10`)).status).toBe(204);
    expect((await sa("DELETE", `/${SEEDED}/accessList/${encodeURIComponent("198.51.100.0/24")}`)).status).toBe(204);
    expect((await json(await sa("GET", `/${SEEDED}/accessList`))).totalCount).toBe(0);
  });

  it("writes an IPv6 address as a /128 block", async () => {
    const added = await json(await sa("POST", `/${SEEDED}/accessList`, [{ ipAddress: "2001:db8::1" }]));
    expect(added.results[0].cidrBlock).toBe("2001:db8::1/128");
  });

  it("answers 404 for an address not on the list", async () => {
    expect((await sa("DELETE", `/${SEEDED}/accessList/192.0.2.1`)).status).toBe(404);
  });

  it("lists no projects (the mock has none)", async () => {
    expect(await json(await sa("GET", `/${SEEDED}/groups`))).toMatchObject({ results: [], totalCount: 0 });
  });
});
