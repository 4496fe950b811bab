/**
 * `atlas-admin teams list|describe|create|rename|delete|add-user|remove-user` and `teams
 * users list`. A team is named by an argument or by `--team-id` (the Atlas CLI's
 * `--teamId`); a user by id or by username (email), looked up among the organization's users.
 *
 * @module
 */
import type { Command } from "commander";
import { apiCommandContext, type ApiCommandContext, type CliSession } from "../program/api-command-context.js";
import { collect } from "../program/arg-parsers.js";
import { optionWithAlias, withForceOption, withOrgIdOption } from "../program/common-options.js";
import { nameFrom } from "../program/name-from.js";
import { operations } from "../../index.js";
import { CliUsageError } from "../errors/cli-usage-error.js";
import type { TableColumn } from "../output/render-table.js";
import type { CommandRoute } from "../program/resolve-operation.js";

const TEAM_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "NAME", field: "name" },
];

const USER_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "USERNAME", field: "username" },
];

/** A way to add or remove users, and the body it takes: one user a call, or all at once. */
interface TeamUserRoute extends CommandRoute {
  readonly body: (userIds: readonly string[]) => unknown;
  readonly onePerCall: boolean;
}

/** Atlas v2's `:addUser` first; the older array form is what v1.0 and the public APIs have. */
const ADD_USER_ROUTES: readonly TeamUserRoute[] = [
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}:addUser", body: ([id]) => ({ id }), onePerCall: true },
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}/users", body: (ids) => ids.map((id) => ({ id })), onePerCall: false },
];

/** Only Atlas v2 removes a team's user (its deprecated `DELETE …/users/{userId}` is not used). */
const REMOVE_USER_ROUTES: readonly TeamUserRoute[] = [{ method: "POST", path: "/orgs/{orgId}/teams/{teamId}:removeUser", body: ([id]) => ({ id }), onePerCall: true }];

const ID_PATTERN = operations.map((operation) => operation.pathParams.teamId?.pattern).find((found) => found !== undefined) ?? "^[a-f0-9]{24}$";

interface TeamOptions {
  readonly orgId?: string;
  readonly teamId?: string;
  readonly force?: boolean;
}

/** Adds the `teams` command group to `program`. */
export function registerTeamsCommand(program: Command, session: CliSession): void {
  const teams = program.command("teams").description("teams of an organization");
  const withOrg = (parent: Command, name: string): Command => withOrgIdOption(parent.command(name));
  const withTeam = (name: string): Command => optionWithAlias(withOrg(teams, name), "--team-id <teamId>", "--teamId", "the team's id (or the first argument)");

  withOrg(teams, "list")
    .description("list the organization's teams")
    .action(async (options: TeamOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/teams" }]);
      context.printList(await context.client().list(operation, { path: { orgId: context.orgId(options.orgId) } }), TEAM_COLUMNS);
    });
  withTeam("describe")
    .alias("get")
    .description("show one team, by id or by --name")
    .argument("[teamId]", "the team's id (24 hex digits)")
    .option("--name <name>", "the team's name instead of its id")
    .action(async (teamId: string | undefined, options: TeamOptions & { name?: string }, command: Command) => {
      const context = apiCommandContext(command, session);
      const orgId = context.orgId(options.orgId);
      if (options.name !== undefined && teamId === undefined && options.teamId === undefined) {
        const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/teams/byName/{teamName}" }]);
        context.print(await context.client().call(operation, { path: { orgId, teamName: options.name } }), TEAM_COLUMNS);
        return;
      }
      const [id = ""] = teamArgs([teamId], options, 0);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/teams/{teamId}" }]);
      context.print(await context.client().call(operation, { path: { orgId, teamId: id } }), TEAM_COLUMNS);
    });
  withOrg(teams, "create")
    .description("create a team; its users must already be members of the organization")
    .argument("[name]", "the team's name (or --name)")
    .option("--name <name>", "the team's name (or the argument)")
    .option("--username <email>", "a member to put in the team; a comma list or repeated", collect)
    .action(async (positional: string | undefined, options: TeamOptions & { name?: string; username?: string[] }, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "POST", path: "/orgs/{orgId}/teams" }]);
      const body = { name: nameFrom(positional, options.name), usernames: options.username ?? [] };
      context.print(await context.client().call(operation, { path: { orgId: context.orgId(options.orgId) }, body }), TEAM_COLUMNS);
    });
  withTeam("rename")
    .description("rename a team")
    .argument("[teamId]", "the team's id (24 hex digits)")
    .argument("[name]", "the team's new name")
    .action(async (first: string | undefined, second: string | undefined, options: TeamOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const [teamId, name] = teamArgs([first, second], options, 1);
      const { operation } = context.operation([{ method: "PATCH", path: "/orgs/{orgId}/teams/{teamId}" }]);
      const path = { orgId: context.orgId(options.orgId), teamId: teamId ?? "" };
      context.print(await context.client().call(operation, { path, body: { name } }), TEAM_COLUMNS);
    });
  withForceOption(withTeam("delete"))
    .description("delete a team; asks first unless --force")
    .argument("[teamId]", "the team's id (24 hex digits)")
    .action(async (first: string | undefined, options: TeamOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const [teamId = ""] = teamArgs([first], options, 0);
      const { operation } = context.operation([{ method: "DELETE", path: "/orgs/{orgId}/teams/{teamId}" }]);
      const path = { orgId: context.orgId(options.orgId), teamId };
      const client = context.client();
      if (!(await context.confirmDelete(`team ${teamId}`, teamId, options.force))) return;
      await client.call(operation, { path });
      context.deleted(teamId, `Deleted team ${teamId}.`);
    });
  teamUserCommand(withTeam("add-user"), session, ADD_USER_ROUTES, "Added").description("add members of the organization to a team, by id or username");
  teamUserCommand(withTeam("remove-user"), session, REMOVE_USER_ROUTES, "Removed").description("remove users from a team, by id or username");

  const users = teams.command("users").description("users of a team");
  optionWithAlias(withOrg(users, "list"), "--team-id <teamId>", "--teamId", "the team's id (or the argument)")
    .description("list a team's users")
    .argument("[teamId]", "the team's id (24 hex digits)")
    .action(async (first: string | undefined, options: TeamOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const [teamId = ""] = teamArgs([first], options, 0);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/teams/{teamId}/users" }]);
      context.printList(await context.client().list(operation, { path: { orgId: context.orgId(options.orgId), teamId } }), USER_COLUMNS);
    });
}

/** `add-user` and `remove-user`: same arguments, different routes. */
function teamUserCommand(command: Command, session: CliSession, routes: readonly TeamUserRoute[], done: string): Command {
  return command
    .argument("[teamId]", "the team's id (24 hex digits; or --team-id)")
    .argument("[users...]", "the users' ids (24 hex digits) or usernames; comma lists too")
    .action(async (first: string | undefined, rest: string[], options: TeamOptions, self: Command) => {
      const context = apiCommandContext(self, session);
      const [teamId = "", ...given] = teamArgs([first, ...rest], options, -1);
      const users = given.flatMap((user) => user?.split(",") ?? []).filter((user) => user !== "");
      if (users.length === 0) throw new CliUsageError("name at least one user, by id or username");
      const { operation, route } = context.operation(routes);
      const orgId = context.orgId(options.orgId);
      const client = context.client();
      const userIds = await userIdsOf(context, orgId, users);
      const path = { orgId, teamId };
      for (const batch of route.onePerCall ? userIds.map((id) => [id]) : [userIds]) await client.call(operation, { path, body: route.body(batch) });
      context.report({ teamId, userIds }, userIds.map((id) => `${done} user ${id} (team ${teamId}).`).join("\n"));
    });
}

/**
 * The team id (argument or `--team-id`) followed by the other arguments. `count` is how many
 * arguments follow it (-1: any number); all are checked before anything is sent.
 */
function teamArgs(args: readonly (string | undefined)[], options: TeamOptions, count: number): (string | undefined)[] {
  const given = args.filter((arg): arg is string => arg !== undefined);
  const [teamId, ...rest] = options.teamId === undefined ? given : [options.teamId, ...given];
  if (teamId === undefined) throw new CliUsageError("the team is required: give its id as the first argument or as --team-id");
  if (!new RegExp(ID_PATTERN, "u").test(teamId)) throw new CliUsageError(`teamId must match ${ID_PATTERN} ('${teamId}' does not)`);
  if (count >= 0 && rest.length !== count) {
    throw new CliUsageError(count === 0 ? "too many arguments: the team is named once (argument or --team-id)" : `expected the team and ${count} more argument(s)`);
  }
  return [teamId, ...rest];
}

/** Ids stay ids; usernames are looked up among the organization's users (one list call for all). */
async function userIdsOf(context: ApiCommandContext, orgId: string, users: readonly string[]): Promise<string[]> {
  const idPattern = new RegExp(ID_PATTERN, "u");
  if (users.every((user) => idPattern.test(user))) return [...users];
  const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/users" }]);
  const members = (await context.client().list(operation, { path: { orgId } })).results as { id?: string; username?: string; emailAddress?: string }[];
  return users.map((user) => {
    if (idPattern.test(user)) return user;
    const wanted = user.toLowerCase();
    const found = members.find((member) => member.username?.toLowerCase() === wanted || member.emailAddress?.toLowerCase() === wanted);
    if (found?.id === undefined) throw new CliUsageError(`organization ${orgId} has no user ${user} (\`orgs users list\` shows its users)`);
    return found.id;
  });
}
