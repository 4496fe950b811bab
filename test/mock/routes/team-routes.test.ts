import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { digestFetch, getToken, json, v2Caller } from "../mock-helpers.js";

const mock = createAtlasMock();
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
const [ann, bob, carol, dave] = mock.credentials.users;
let token = "";
const call = v2Caller(BASE, () => token);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
// reset() forgets issued tokens, so each test signs in afresh.
beforeEach(async () => {
  token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterEach(() => mock.reset());
afterAll(() => server.close());

/** A team of `size` organization members made straight in the state (creating 250 users by API would be slow). */
function teamOfSize(size: number): string {
  const org = mock.state.organizations.get(ORG)!;
  const userIds = Array.from({ length: size }, (_, i) => {
    const id = `77${i.toString(16).padStart(22, "0")}`;
    mock.state.users.set(id, { id, username: `member${i}@example.com`, firstName: "M", lastName: String(i), createdAt: "" });
    org.members.set(id, ["ORG_MEMBER"]);
    return id;
  });
  const id = "7".repeat(24);
  mock.state.teams.set(id, { id, orgId: ORG, name: "full", userIds });
  return id;
}

async function createTeam(name: string, usernames: string[] = []): Promise<Record<string, any>> {
  const response = await call("POST", `/orgs/${ORG}/teams`, { name, usernames });
  expect(response.status).toBe(200);
  return json(response);
}

describe("teams", () => {
  it("creates a team with members of the organization and answers their usernames", async () => {
    const team = await createTeam("platform", [ann!.username, bob!.username]);
    expect(team).toMatchObject({ name: "platform", usernames: [ann!.username, bob!.username] });
    expect(team.id).toMatch(/^[a-f0-9]{24}$/);
    expect(team.links[0].href).toBe(`${BASE}/api/atlas/v2/orgs/${ORG}/teams/${team.id}`);
  });

  it("refuses a second team with the same name: 409 TEAM_NAME_NOT_AVAILABLE", async () => {
    await createTeam("platform");
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "Platform", usernames: [] });
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ error: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE" });
  });

  it("holds names and the 250 teams per organization: another organization's teams change nothing", async () => {
    const other = "b".repeat(24);
    mock.state.organizations.set(other, { id: other, name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    for (let i = 0; i < 250; i += 1) mock.state.teams.set(`o${i}`, { id: `o${i}`, orgId: other, name: i === 0 ? "platform" : `team-${i}`, userIds: [] });
    expect((await createTeam("Platform")).name).toBe("Platform");
    expect((await createTeam("team-1")).name).toBe("team-1");
  });

  it("answers 404 TEAM_NOT_FOUND for a team of another organization addressed under this one", async () => {
    const other = "b".repeat(24);
    mock.state.organizations.set(other, { id: other, name: "other", paying: false, skipDefaultAlertsSettings: false, members: new Map(), createdAt: "" });
    mock.state.teams.set("c".repeat(24), { id: "c".repeat(24), orgId: other, name: "theirs", userIds: [] });
    for (const [method, body] of [["GET", undefined], ["PATCH", { name: "mine" }], ["DELETE", undefined]] as const) {
      const response = await call(method, `/orgs/${ORG}/teams/${"c".repeat(24)}`, body);
      expect(response.status).toBe(404);
      expect((await json(response)).errorCode).toBe("TEAM_NOT_FOUND");
    }
    expect(mock.state.teams.get("c".repeat(24))?.name).toBe("theirs");
  });

  it("refuses the 251st team of an organization: 400 MAX_TEAMS_PER_ORG_EXCEEDED", async () => {
    for (let i = 0; i < 250; i += 1) mock.state.teams.set(`t${i}`, { id: `t${i}`, orgId: ORG, name: `team-${i}`, userIds: [] });
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "one-too-many", usernames: [] });
    expect(response.status).toBe(400);
    expect((await json(response)).errorCode).toBe("MAX_TEAMS_PER_ORG_EXCEEDED");
  });

  it("refuses a username that is not a member of the organization: 404 USER_NOT_IN_ORG", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: [dave!.username] });
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("USER_NOT_IN_ORG");
  });

  it("refuses a username that is not an email address: 400 INVALID_EMAIL_ADDRESS", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams`, { name: "t", usernames: ["not-an-email"] });
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errorCode).toBe("INVALID_EMAIL_ADDRESS");
    expect(body.badRequestDetail.fields[0].field).toBe("usernames[0]");
  });

  it("gets, renames, finds by name and deletes a team", async () => {
    const { id } = await createTeam("alpha");
    expect(await json(await call("GET", `/orgs/${ORG}/teams/${id}`))).toMatchObject({ id, name: "alpha" });
    const renamed = await call("PATCH", `/orgs/${ORG}/teams/${id}`, { name: "beta" });
    expect(await json(renamed)).toMatchObject({ id, name: "beta" });
    expect(await json(await call("GET", `/orgs/${ORG}/teams/byName/beta`))).toMatchObject({ id });
    expect((await call("DELETE", `/orgs/${ORG}/teams/${id}`)).status).toBe(204);
    const gone = await call("GET", `/orgs/${ORG}/teams/${id}`);
    expect(gone.status).toBe(404);
    expect((await json(gone)).errorCode).toBe("TEAM_NOT_FOUND");
  });

  it("refuses renaming a team to another team's name: 409 TEAM_NAME_NOT_AVAILABLE", async () => {
    await createTeam("alpha");
    const { id } = await createTeam("beta");
    const response = await call("PATCH", `/orgs/${ORG}/teams/${id}`, { name: "ALPHA" });
    expect((await json(response)).errorCode).toBe("TEAM_NAME_NOT_AVAILABLE");
  });

  it("answers 404 TEAM_NOT_FOUND for an unknown team name", async () => {
    const response = await call("GET", `/orgs/${ORG}/teams/byName/nobody`);
    expect(response.status).toBe(404);
    expect((await json(response)).errorCode).toBe("TEAM_NOT_FOUND");
  });

  it("lists the teams of an organization, paged", async () => {
    await createTeam("a");
    await createTeam("b");
    const page = await json(await call("GET", `/orgs/${ORG}/teams`, undefined, "2023-01-01", "?itemsPerPage=1"));
    expect(page.totalCount).toBe(2);
    expect(page.results).toHaveLength(1);
    expect(page.links.map((link: { rel: string }) => link.rel)).toEqual(["self", "next"]);
  });
});

describe("team users", () => {
  it("adds a member with :addUser and lists them", async () => {
    const { id } = await createTeam("t");
    const added = await call("POST", `/orgs/${ORG}/teams/${id}:addUser`, { id: bob!.id }, "2025-02-19");
    expect(added.status).toBe(200);
    expect(await json(added)).toMatchObject({ id: bob!.id, username: bob!.username, teamIds: [id] });
    const users = await json(await call("GET", `/orgs/${ORG}/teams/${id}/users`, undefined, "2025-02-19"));
    expect(users.results.map((user: { id: string }) => user.id)).toEqual([bob!.id]);
  });

  it("refuses adding a user already in the team: 409 USER_ALREADY_IN_TEAM", async () => {
    const { id } = await createTeam("t", [bob!.username]);
    const response = await call("POST", `/orgs/${ORG}/teams/${id}:addUser`, { id: bob!.id }, "2025-02-19");
    expect(response.status).toBe(409);
    expect((await json(response)).errorCode).toBe("USER_ALREADY_IN_TEAM");
  });

  it("refuses adding a user who is not in the organization: 404 USER_NOT_IN_ORG", async () => {
    const { id } = await createTeam("t");
    const response = await call("POST", `/orgs/${ORG}/teams/${id}:addUser`, { id: dave!.id }, "2025-02-19");
    expect((await json(response)).errorCode).toBe("USER_NOT_IN_ORG");
  });

  it("removes a user with :removeUser, and refuses one who is not in the team", async () => {
    const { id } = await createTeam("t", [carol!.username]);
    const removed = await call("POST", `/orgs/${ORG}/teams/${id}:removeUser`, { id: carol!.id }, "2025-02-19");
    expect(removed.status).toBe(200);
    expect(await json(removed)).toMatchObject({ id: carol!.id, username: carol!.username });
    expect(mock.state.teams.get(id)?.userIds).toEqual([]);
    const again = await call("POST", `/orgs/${ORG}/teams/${id}:removeUser`, { id: carol!.id }, "2025-02-19");
    expect(again.status).toBe(404);
    expect((await json(again)).errorCode).toBe("USER_NOT_IN_TEAM");
  });

  it("adds users with the deprecated array body and removes one by path", async () => {
    const { id } = await createTeam("t");
    const added = await call("POST", `/orgs/${ORG}/teams/${id}/users`, [{ id: bob!.id }, { id: carol!.id }]);
    expect((await json(added)).results).toHaveLength(2);
    expect((await call("DELETE", `/orgs/${ORG}/teams/${id}/users/${bob!.id}`)).status).toBe(204);
    expect(mock.state.teams.get(id)?.userIds).toEqual([carol!.id]);
  });

  it("refuses a 251st user with :addUser: 400 MAX_USERS_PER_TEAM_EXCEEDED, and adds nobody", async () => {
    const id = teamOfSize(250);
    const response = await call("POST", `/orgs/${ORG}/teams/${id}:addUser`, { id: bob!.id }, "2025-02-19");
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errorCode).toBe("MAX_USERS_PER_TEAM_EXCEEDED");
    expect(body.detail).toContain("limit of 250 users a team");
    expect(mock.state.teams.get(id)?.userIds).toHaveLength(250);
  });

  it("adds the 250th user, but refuses an array body that would take the team past 250", async () => {
    const id = teamOfSize(249);
    const tooMany = await call("POST", `/orgs/${ORG}/teams/${id}/users`, [{ id: bob!.id }, { id: carol!.id }]);
    expect(tooMany.status).toBe(400);
    expect((await json(tooMany)).errorCode).toBe("MAX_USERS_PER_TEAM_EXCEEDED");
    expect(mock.state.teams.get(id)?.userIds).toHaveLength(249);
    expect((await call("POST", `/orgs/${ORG}/teams/${id}/users`, [{ id: bob!.id }])).status).toBe(200);
    expect(mock.state.teams.get(id)?.userIds).toHaveLength(250);
  });

  it("answers 404 TEAM_NOT_FOUND when adding to an unknown team", async () => {
    const response = await call("POST", `/orgs/${ORG}/teams/${"f".repeat(24)}:addUser`, { id: bob!.id }, "2025-02-19");
    expect((await json(response)).errorCode).toBe("TEAM_NOT_FOUND");
  });
});

describe("teams on the application/json surfaces", () => {
  const apiKey = { username: mock.credentials.apiKey.publicKey, password: mock.credentials.apiKey.privateKey };
  const init = (body: unknown): RequestInit => ({
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

  it("creates a team on Atlas v1.0 with an API key", async () => {
    const response = await digestFetch(`${BASE}/api/atlas/v1.0/orgs/${ORG}/teams`, init({ name: "v1", usernames: [bob!.username] }), apiKey);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(await json(response)).toMatchObject({ name: "v1", usernames: [bob!.username] });
  });

  it("creates a team on Cloud Manager and adds users by id", async () => {
    const created = await json(await digestFetch(`${BASE}/api/public/v1.0/orgs/${ORG}/teams`, init({ name: "cm", usernames: [] }), apiKey));
    const added = await digestFetch(`${BASE}/api/public/v1.0/orgs/${ORG}/teams/${created.id}/users`, init([{ id: carol!.id }]), apiKey);
    expect(added.status).toBe(200);
    expect((await json(added)).results[0].username).toBe(carol!.username);
  });

  it("refuses a 251st user on Atlas v1.0 and Cloud Manager too", async () => {
    const id = teamOfSize(250);
    for (const prefix of ["/api/atlas/v1.0", "/api/public/v1.0"]) {
      const response = await digestFetch(`${BASE}${prefix}/orgs/${ORG}/teams/${id}/users`, init([{ id: carol!.id }]), apiKey);
      expect(response.status).toBe(400);
      expect((await json(response)).errorCode).toBe("MAX_USERS_PER_TEAM_EXCEEDED");
    }
  });
});
