/**
 * Teams: CRUD, lookup by name, and their users. Team names are unique per organization
 * (compared without case), an organization holds at most 250 teams, a team at most 250
 * users, and a team's users must be members of its organization.
 *
 * @module
 */
import type { MockOrganization, MockTeam } from "../state/create-mock-state.js";
import { requireMember, requireOrg, userByName } from "./mock-access.js";
import { MockError } from "../core/mock-error.js";
import { param, type Route, type RouteContext } from "./mock-route.js";
import { teamView, userView } from "./mock-views.js";

const MAX_TEAMS_PER_ORG = 250;
const MAX_USERS_PER_TEAM = 250;

function teamsOf(context: RouteContext, orgId: string): MockTeam[] {
  return [...context.state.teams.values()].filter((team) => team.orgId === orgId);
}

function requireTeam(context: RouteContext, need: "member" | "owner"): { org: MockOrganization; team: MockTeam } {
  const org = requireOrg(context.state, context.principal, param(context, 0), need);
  const teamId = param(context, 1);
  const team = context.state.teams.get(teamId);
  if (team?.orgId !== org.id) throw new MockError(404, "TEAM_NOT_FOUND", `No team with ID ${teamId} exists in organization ${org.id}.`);
  return { org, team };
}

function requireNameFree(context: RouteContext, orgId: string, name: string): void {
  if (teamsOf(context, orgId).some((team) => team.name.toLowerCase() === name.toLowerCase())) {
    throw new MockError(409, "TEAM_NAME_NOT_AVAILABLE", `A team named ${name} already exists in organization ${orgId}.`);
  }
}

const listTeams: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "member");
  return { list: teamsOf(context, org.id).map((team) => teamView(context, team)) };
};

const createTeam: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "owner");
  const body = context.body as { name: string; usernames: readonly string[] };
  if (teamsOf(context, org.id).length >= MAX_TEAMS_PER_ORG) {
    throw new MockError(400, "MAX_TEAMS_PER_ORG_EXCEEDED", `Organization ${org.id} already has ${MAX_TEAMS_PER_ORG} teams, the most it can hold.`);
  }
  requireNameFree(context, org.id, body.name);
  const users = body.usernames.map((username) => requireMember(org, userByName(context.state, username), username));
  const team: MockTeam = { id: context.ids.id(), orgId: org.id, name: body.name, userIds: [...new Set(users.map((user) => user.id))] };
  context.state.teams.set(team.id, team);
  return { body: { ...teamView(context, team), usernames: users.map((user) => user.username) } };
};

const getTeam: Route = (context) => ({ body: teamView(context, requireTeam(context, "member").team) });

const getTeamByName: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "member");
  const name = param(context, 1);
  const team = teamsOf(context, org.id).find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!team) throw new MockError(404, "TEAM_NOT_FOUND", `No team named ${name} exists in organization ${org.id}.`);
  return { body: teamView(context, team) };
};

const renameTeam: Route = (context) => {
  const { org, team } = requireTeam(context, "owner");
  const { name } = context.body as { name: string };
  if (name.toLowerCase() !== team.name.toLowerCase()) requireNameFree(context, org.id, name);
  team.name = name;
  return { body: teamView(context, team) };
};

const deleteTeam: Route = (context) => {
  context.state.teams.delete(requireTeam(context, "owner").team.id);
  return {};
};

const listTeamUsers: Route = (context) => {
  const { org, team } = requireTeam(context, "member");
  const users = team.userIds.flatMap((id) => context.state.users.get(id) ?? []);
  return { list: users.map((user) => userView(context, user, org.id)) };
};

/**
 * Adds users by id; every one must be in the organization and not yet in the team, and
 * the team must stay within {@link MAX_USERS_PER_TEAM}.
 */
function addUsers(context: RouteContext, userIds: readonly string[]) {
  const { org, team } = requireTeam(context, "owner");
  const users = userIds.map((id) => requireMember(org, context.state.users.get(id), id));
  for (const user of users) {
    if (team.userIds.includes(user.id)) throw new MockError(409, "USER_ALREADY_IN_TEAM", `User ${user.username} is already in team ${team.id}.`);
  }
  const newIds = [...new Set(users.map((user) => user.id))];
  requireRoom(team, newIds.length);
  team.userIds.push(...newIds);
  return { org, team, users };
}

/**
 * Atlas documents that a team holds up to 250 users but names no error code for going past
 * it; `MAX_USERS_PER_TEAM_EXCEEDED` is the mock's choice, shaped like the documented
 * `MAX_TEAMS_PER_ORG_EXCEEDED` (400).
 */
function requireRoom(team: MockTeam, adding: number): void {
  if (team.userIds.length + adding <= MAX_USERS_PER_TEAM) return;
  throw new MockError(
    400,
    "MAX_USERS_PER_TEAM_EXCEEDED",
    `Team ${team.id} has ${team.userIds.length} users; adding ${adding} would pass the limit of ${MAX_USERS_PER_TEAM} users a team.`,
  );
}

function removeUser(context: RouteContext, userId: string): { org: MockOrganization; userId: string } {
  const { org, team } = requireTeam(context, "owner");
  const index = team.userIds.indexOf(userId);
  if (index < 0) throw new MockError(404, "USER_NOT_IN_TEAM", `User ${userId} is not in team ${team.id}.`);
  team.userIds.splice(index, 1);
  return { org, userId };
}

/** `:addUser` answers the user it added. */
const addTeamUser: Route = (context) => {
  const { org, users } = addUsers(context, [(context.body as { id: string }).id]);
  return { body: users.map((user) => userView(context, user, org.id))[0] };
};

/** The older `POST …/users` takes an array of `{ id }` and answers the team's users. */
const addTeamUsers: Route = (context) => {
  const { org, team } = addUsers(context, (context.body as readonly { id: string }[]).map((entry) => entry.id));
  const users = team.userIds.flatMap((id) => context.state.users.get(id) ?? []);
  return { list: users.map((user) => userView(context, user, org.id)) };
};

/** `:removeUser` answers the user it removed. */
const removeTeamUser: Route = (context) => {
  const { org, userId } = removeUser(context, (context.body as { id: string }).id);
  const user = context.state.users.get(userId);
  return user ? { body: userView(context, user, org.id) } : {};
};

const removeTeamUserByPath: Route = (context) => {
  removeUser(context, param(context, 2));
  return {};
};

/** Team routes by route key. */
export const teamRoutes: Readonly<Record<string, Route>> = {
  "GET /orgs/{}/teams": listTeams,
  "POST /orgs/{}/teams": createTeam,
  "GET /orgs/{}/teams/{}": getTeam,
  "PATCH /orgs/{}/teams/{}": renameTeam,
  "DELETE /orgs/{}/teams/{}": deleteTeam,
  "GET /orgs/{}/teams/byName/{}": getTeamByName,
  "GET /orgs/{}/teams/{}/users": listTeamUsers,
  "POST /orgs/{}/teams/{}:addUser": addTeamUser,
  "POST /orgs/{}/teams/{}:removeUser": removeTeamUser,
  "POST /orgs/{}/teams/{}/users": addTeamUsers,
  "DELETE /orgs/{}/teams/{}/users/{}": removeTeamUserByPath,
};
