import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { digestFetch, getToken, json, v2Caller, v2Headers } from "../mock-helpers.js";

const mock = createAtlasMock();
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const { orgId: ORG, credentials } = { orgId: mock.credentials.orgId, credentials: mock.credentials };
const [ann, bob, , dave] = credentials.users;
const apiKey = { username: credentials.apiKey.publicKey, password: credentials.apiKey.privateKey };
const opsKey = { username: credentials.opsManagerApiKey.publicKey, password: credentials.opsManagerApiKey.privateKey };
const userCreds = { username: credentials.user.username, password: credentials.user.password };
let token = "";
const call = v2Caller(BASE, () => token);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
// reset() forgets issued tokens, so each test signs in afresh.
beforeEach(async () => {
  token = await getToken(BASE, credentials.serviceAccount.clientId, credentials.serviceAccount.clientSecret);
});
afterEach(() => mock.reset());
afterAll(() => server.close());

const v2Post = (body: unknown): RequestInit => ({ method: "POST", headers: v2Headers("2023-01-01"), body: JSON.stringify(body) });
const jsonPost = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { Accept: "application/json", "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

describe("reading organizations", () => {
  it("lists the organizations the caller belongs to, and none it has no role in", async () => {
    mock.state.organizations.set("b".repeat(24), { id: "b".repeat(24), name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    const page = await json(await call("GET", "/orgs"));
    expect(page).toMatchObject({ totalCount: 1, results: [{ id: ORG, name: credentials.orgName }] });
  });

  it("gets one organization", async () => {
    expect(await json(await call("GET", `/orgs/${ORG}`))).toMatchObject({ id: ORG, isDeleted: false });
  });

  it("answers 404 ORG_NOT_FOUND for an unknown organization", async () => {
    const response = await call("GET", `/orgs/${"a".repeat(24)}`);
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("ORG_NOT_FOUND");
  });

  it("answers 401 USER_UNAUTHORIZED for an organization the caller has no role in", async () => {
    mock.state.organizations.set("b".repeat(24), { id: "b".repeat(24), name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    const response = await call("GET", `/orgs/${"b".repeat(24)}`);
    expect(response.status).toBe(401);
    expect((await json(response)).errorCode).toBe("USER_UNAUTHORIZED");
  });

  it("lists the organization's users with their teams", async () => {
    const page = await json(await call("GET", `/orgs/${ORG}/users`, undefined, "2025-02-19"));
    expect(page.results.map((user: { username: string }) => user.username)).toEqual(["ann@example.com", "bob@example.com", "carol@example.com"]);
    expect(page.results[0]).toMatchObject({ id: ann!.id, teamIds: [] });
  });

  it("renames an organization", async () => {
    const response = await call("PATCH", `/orgs/${ORG}`, { name: "Renamed" });
    expect(await json(response)).toMatchObject({ id: ORG, name: "Renamed" });
  });
});

describe("creating organizations on Atlas", () => {
  it("with an API key, requires orgOwnerId: 400 MISSING_ATTRIBUTE", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v2/orgs`, v2Post({ name: "new-org" }), apiKey);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errorCode).toBe("MISSING_ATTRIBUTE");
    expect(body.badRequestDetail.fields[0].field).toBe("orgOwnerId");
  });

  it("with an API key, requires orgOwnerId to be a member of the caller's organization", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v2/orgs`, v2Post({ name: "new-org", orgOwnerId: dave!.id }), apiKey);
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("USER_NOT_IN_ORG");
  });

  it("makes orgOwnerId the owner and returns a new API key's private key once", async () => {
    const response = await digestFetch(
      `${BASE}/api/atlas/v2/orgs`,
      v2Post({ name: "new-org", orgOwnerId: bob!.id, apiKey: { desc: "ci", roles: ["ORG_OWNER"] } }),
      apiKey,
    );
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ orgOwnerId: bob!.id, organization: { name: "new-org" }, apiKey: { desc: "ci", roles: [{ roleName: "ORG_OWNER" }] } });
    expect(body.apiKey.privateKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(mock.state.organizations.get(body.organization.id)?.members.get(bob!.id)).toEqual(["ORG_OWNER"]);
    const withNewKey = await digestFetch(`${BASE}/api/atlas/v2/orgs/${body.organization.id}`, { headers: v2Headers("2023-01-01") }, {
      username: body.apiKey.publicKey,
      password: body.apiKey.privateKey,
    });
    expect(withNewKey.status).toBe(200);
  });

  it("with a service account, returns its secret once and the new account acts on the new organization", async () => {
    const serviceAccount = { name: "bootstrap", description: "made with the org", roles: ["ORG_OWNER"], secretExpiresAfterHours: 8 };
    const created = await json(await call("POST", "/orgs", { name: "sa-org", orgOwnerId: ann!.id, serviceAccount }));
    const { clientId, secrets } = created.serviceAccount;
    expect(clientId).toMatch(/^mdb_sa_id_[a-f0-9]{24}$/);
    expect(secrets[0].secret).toMatch(/^mdb_sa_sk_/);
    const newToken = await getToken(BASE, clientId, secrets[0].secret);
    const newOrg = created.organization.id;
    const team = await fetch(`${BASE}/api/atlas/v2/orgs/${newOrg}/teams`, {
      method: "POST",
      headers: v2Headers("2023-01-01", newToken),
      body: JSON.stringify({ name: "first", usernames: [ann!.username] }),
    });
    expect(team.status).toBe(200);
    const read = await json(await v2Caller(BASE, () => newToken)("GET", `/orgs/${newOrg}/serviceAccounts/${clientId}`, undefined, "2024-08-05"));
    expect(read.secrets[0].secret).toBeUndefined();
    expect(read.secrets[0].maskedSecretValue).toBe(`mdb_sa_sk_...${secrets[0].secret.slice(-4)}`);
  });

  it("refuses apiKey together with serviceAccount: 400", async () => {
    const response = await call("POST", "/orgs", {
      name: "both",
      orgOwnerId: ann!.id,
      apiKey: { desc: "k", roles: ["ORG_OWNER"] },
      serviceAccount: { name: "s", description: "d", roles: ["ORG_OWNER"], secretExpiresAfterHours: 1 },
    });
    expect(response.status).toBe(400);
    expect((await json(response)).badRequestDetail.fields[0].field).toBe("apiKey,serviceAccount");
  });

  it("refuses an invalid organization name: 400 INVALID_ORG_NAME", async () => {
    const response = await call("POST", "/orgs", { name: "bad/name!", orgOwnerId: ann!.id });
    expect(response.status).toBe(400);
    expect((await json(response)).errorCode).toBe("INVALID_ORG_NAME");
  });

  it("refuses a caller who is not an Organization Owner: 401 NOT_ORG_OWNER", async () => {
    const member = await json(
      await call("POST", `/orgs/${ORG}/serviceAccounts`, { name: "m", description: "member", roles: ["ORG_MEMBER"], secretExpiresAfterHours: 1 }, "2024-08-05"),
    );
    const memberToken = await getToken(BASE, member.clientId, member.secrets[0].secret);
    const response = await fetch(`${BASE}/api/atlas/v2/orgs`, { method: "POST", headers: v2Headers("2023-01-01", memberToken), body: JSON.stringify({ name: "x" }) });
    expect(response.status).toBe(401);
    expect((await json(response)).errorCode).toBe("NOT_ORG_OWNER");
  });

  it("refuses an owner whose organization is not paying", async () => {
    const serviceAccount = { name: "s", description: "d", roles: ["ORG_OWNER"], secretExpiresAfterHours: 1 };
    const created = await json(await call("POST", "/orgs", { name: "unpaid", serviceAccount }));
    const unpaidToken = await getToken(BASE, created.serviceAccount.clientId, created.serviceAccount.secrets[0].secret);
    const response = await fetch(`${BASE}/api/atlas/v2/orgs`, { method: "POST", headers: v2Headers("2023-01-01", unpaidToken), body: JSON.stringify({ name: "x" }) });
    expect(response.status).toBe(403);
    expect((await json(response)).errorCode).toBe("NO_PAYMENT_INFORMATION_FOUND");
  });

  it("creates an organization on Atlas v1.0 with an API key and orgOwnerId", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v1.0/orgs`, jsonPost({ name: "v1-org", orgOwnerId: ann!.id }), apiKey);
    expect(response.status).toBe(201);
    expect((await json(response)).organization.name).toBe("v1-org");
  });
});

describe("creating organizations on Cloud Manager and Ops Manager", () => {
  it("Cloud Manager refuses an API key: 403 API_KEY_CANNOT_CREATE_ORG", async () => {
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "cm-org" }), apiKey);
    expect(response.status).toBe(403);
    expect((await json(response)).errorCode).toBe("API_KEY_CANNOT_CREATE_ORG");
  });

  it("Cloud Manager creates one with user credentials and makes the user its owner", async () => {
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "cm-org" }), userCreds);
    expect(response.status).toBe(200);
    const org = await json(response);
    expect(org).toMatchObject({ name: "cm-org" });
    expect(mock.state.organizations.get(org.id)?.members.get(credentials.user.id)).toEqual(["ORG_OWNER"]);
  });

  it("Ops Manager lets its global owner key create one with LDAP mappings", async () => {
    const ldapGroupMappings = [{ roleName: "ORG_OWNER", ldapGroups: ["admins"] }];
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "om-org", ldapGroupMappings }), opsKey);
    expect(response.status).toBe(200);
    expect(mock.state.organizations.get((await json(response)).id)?.ldapGroupMappings).toEqual(ldapGroupMappings);
  });

  it("Ops Manager gives the members of the mapped LDAP groups their mapped roles", async () => {
    const ldapGroupMappings = [
      { roleName: "ORG_OWNER", ldapGroups: ["cn=dbas,ou=groups,dc=example,dc=com"] },
      { roleName: "ORG_MEMBER", ldapGroups: ["cn=developers,ou=groups,dc=example,dc=com", "cn=dbas,ou=groups,dc=example,dc=com"] },
    ];
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "om-ldap", ldapGroupMappings }), opsKey);
    const members = mock.state.organizations.get((await json(response)).id)?.members;
    expect(Object.fromEntries(members ?? [])).toEqual({ [ann!.id]: ["ORG_OWNER", "ORG_MEMBER"], [bob!.id]: ["ORG_MEMBER"] });
  });

  it("Ops Manager requires a mapping for ORG_OWNER whenever mappings are given: 400", async () => {
    const ldapGroupMappings = [{ roleName: "ORG_MEMBER", ldapGroups: ["devs"] }];
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "om-org", ldapGroupMappings }), opsKey);
    expect(response.status).toBe(400);
    expect((await json(response)).badRequestDetail.fields[0].field).toBe("ldapGroupMappings");
  });
});

describe("deleting organizations", () => {
  it("refuses an organization that still has teams: 409 ORG_NOT_EMPTY", async () => {
    await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: [] });
    const response = await call("DELETE", `/orgs/${ORG}`);
    expect(response.status).toBe(409);
    expect((await json(response)).errorCode).toBe("ORG_NOT_EMPTY");
  });

  it("deletes an empty organization with its service accounts, whose tokens stop working", async () => {
    const serviceAccount = { name: "s", description: "d", roles: ["ORG_OWNER"], secretExpiresAfterHours: 1 };
    const created = await json(await call("POST", "/orgs", { name: "short-lived", orgOwnerId: ann!.id, serviceAccount }));
    const orgToken = await getToken(BASE, created.serviceAccount.clientId, created.serviceAccount.secrets[0].secret);
    const orgCall = v2Caller(BASE, () => orgToken);
    expect((await orgCall("DELETE", `/orgs/${created.organization.id}`)).status).toBe(204);
    expect(mock.state.organizations.has(created.organization.id)).toBe(false);
    expect((await orgCall("GET", "/orgs")).status).toBe(401);
  });

  it("deletes on Cloud Manager with user credentials", async () => {
    const org = await json(await digestFetch(`${BASE}/api/public/v1.0/orgs`, jsonPost({ name: "cm-org" }), userCreds));
    const response = await digestFetch(`${BASE}/api/public/v1.0/orgs/${org.id}`, { method: "DELETE" }, userCreds);
    expect(response.status).toBe(204);
  });

  it("removes the organization's roles from API keys", async () => {
    const created = await json(
      await digestFetch(`${BASE}/api/atlas/v2/orgs`, v2Post({ name: "k", orgOwnerId: ann!.id, apiKey: { desc: "k", roles: ["ORG_OWNER"] } }), apiKey),
    );
    const newKey = { username: created.apiKey.publicKey, password: created.apiKey.privateKey };
    const deleted = await digestFetch(`${BASE}/api/atlas/v2/orgs/${created.organization.id}`, { method: "DELETE", headers: v2Headers("2023-01-01") }, newKey);
    expect(deleted.status).toBe(204);
    expect(mock.state.apiKeys.get(created.apiKey.publicKey)?.roles).toEqual([]);
  });
});

describe("legacy v1.0 organizations: get one, rename, delete one", () => {
  const v1 = (path: string) => `${BASE}/api/atlas/v1.0/orgs${path}`;
  const patch = (body: unknown): RequestInit => ({ ...jsonPost(body), method: "PATCH" });
  const memberKey = { username: "memberky", password: "member-key-private" };
  const addMemberKey = () =>
    mock.state.apiKeys.set(memberKey.username, {
      id: "c".repeat(24),
      publicKey: memberKey.username,
      privateKey: memberKey.password,
      desc: "member",
      globalOwner: false,
      roles: [{ orgId: ORG, roleName: "ORG_MEMBER" }],
    });

  it("gets one organization as application/json, linked on v1.0", async () => {
    const response = await digestFetch(v1(`/${ORG}`), { headers: { Accept: "application/json" } }, apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(await json(response)).toMatchObject({ id: ORG, name: credentials.orgName, links: [{ href: v1(`/${ORG}`), rel: "self" }] });
  });

  it("answers 404 ORG_NOT_FOUND for an unknown organization, and 401 USER_UNAUTHORIZED for one the caller has no role in", async () => {
    const unknown = await digestFetch(v1(`/${"a".repeat(24)}`), {}, apiKey);
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).errorCode).toBe("ORG_NOT_FOUND");
    mock.state.organizations.set("b".repeat(24), { id: "b".repeat(24), name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    const foreign = await digestFetch(v1(`/${"b".repeat(24)}`), {}, apiKey);
    expect(foreign.status).toBe(401);
    expect((await json(foreign)).errorCode).toBe("USER_UNAUTHORIZED");
  });

  it("refuses an id that is not 24 hex digits: 400", async () => {
    const response = await digestFetch(v1("/not-an-id"), {}, apiKey);
    expect(response.status).toBe(400);
    expect((await json(response)).badRequestDetail.fields[0].field).toBe("orgId");
  });

  it("renames an organization", async () => {
    const response = await digestFetch(v1(`/${ORG}`), patch({ name: "Renamed-v1" }), apiKey);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ id: ORG, name: "Renamed-v1" });
    expect(mock.state.organizations.get(ORG)?.name).toBe("Renamed-v1");
  });

  it("refuses a rename to an invalid name: 400 INVALID_ORG_NAME, the name kept", async () => {
    for (const name of ["has space", "", "x".repeat(65)]) {
      const response = await digestFetch(v1(`/${ORG}`), patch({ name }), apiKey);
      expect(response.status).toBe(400);
      expect((await json(response)).errorCode).toBe("INVALID_ORG_NAME");
    }
    expect(mock.state.organizations.get(ORG)?.name).toBe(credentials.orgName);
  });

  it("refuses a rename without a name: 400", async () => {
    const response = await digestFetch(v1(`/${ORG}`), patch({}), apiKey);
    expect(response.status).toBe(400);
    expect((await json(response)).badRequestDetail.fields[0].field).toBe("name");
  });

  it("refuses a rename or a delete by a member who is not an Organization Owner: 401 NOT_ORG_OWNER; a member may read", async () => {
    addMemberKey();
    expect((await digestFetch(v1(`/${ORG}`), {}, memberKey)).status).toBe(200);
    const renamed = await digestFetch(v1(`/${ORG}`), patch({ name: "by-member" }), memberKey);
    expect(renamed.status).toBe(401);
    expect((await json(renamed)).errorCode).toBe("NOT_ORG_OWNER");
    const deleted = await digestFetch(v1(`/${ORG}`), { method: "DELETE" }, memberKey);
    expect((await json(deleted)).errorCode).toBe("NOT_ORG_OWNER");
    expect(mock.state.organizations.has(ORG)).toBe(true);
  });

  it("refuses deleting an organization that still has teams: 409 ORG_NOT_EMPTY", async () => {
    await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: [] });
    const response = await digestFetch(v1(`/${ORG}`), { method: "DELETE" }, apiKey);
    expect(response.status).toBe(409);
    expect((await json(response)).errorCode).toBe("ORG_NOT_EMPTY");
    expect(mock.state.organizations.has(ORG)).toBe(true);
  });

  it("deletes an empty organization: 204, then 404 ORG_NOT_FOUND", async () => {
    const response = await digestFetch(v1(`/${ORG}`), { method: "DELETE" }, apiKey);
    expect(response.status).toBe(204);
    expect(mock.state.organizations.has(ORG)).toBe(false);
    expect((await json(await digestFetch(v1(`/${ORG}`), {}, apiKey))).errorCode).toBe("ORG_NOT_FOUND");
  });

  it("refuses a service-account token: v1.0 takes Digest only", async () => {
    const response = await fetch(v1(`/${ORG}`), { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });
});
