/**
 * `atlas-admin teams list|create|rename|delete|add-user|remove-user`.
 *
 * @module
 */
import type { Command } from "commander";
import { apiCommandContext } from "../program/api-command-context.js";
import { collect, pathParamParser } from "../program/arg-parsers.js";
import type { CliIo } from "../output/cli-io.js";
import type { TableColumn } from "../output/render-table.js";
import type { CommandRoute } from "../program/resolve-operation.js";

const TEAM_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "NAME", field: "name" },
];

/** A way to add or remove one user, and the body it takes. */
interface TeamUserRoute extends CommandRoute {
  readonly body: (userId: string) => unknown;
}

/** Atlas v2's `:addUser` first; the older array form is what v1.0 and the public APIs have. */
const ADD_USER_ROUTES: readonly TeamUserRoute[] = [
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}:addUser", body: (id) => ({ id }) },
  { method: "POST", path: "/orgs/{orgId}/teams/{teamId}/users", body: (id) => [{ id }] },
];

/** Only Atlas v2 removes a team's user (its deprecated `DELETE …/users/{userId}` is not used). */
const REMOVE_USER_ROUTES: readonly TeamUserRoute[] = [{ method: "POST", path: "/orgs/{orgId}/teams/{teamId}:removeUser", body: (id) => ({ id }) }];

const orgIdParser = pathParamParser("orgId");
const teamIdParser = pathParamParser("teamId");
const userIdParser = pathParamParser("userId");

interface OrgOption {
  readonly orgId: string;
}

/** Adds the `teams` command group to `program`. */
export function registerTeamsCommand(program: Command, io: CliIo): void {
  const teams = program.command("teams").description("teams of an organization");
  const withOrg = (name: string): Command => teams.command(name).requiredOption("--org-id <orgId>", "the organization's id (24 hex digits)", orgIdParser);

  withOrg("list")
    .description("list the organization's teams")
    .action(async (options: OrgOption, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/teams" }]);
      context.print(await context.client().list(operation, { path: { orgId: options.orgId } }), TEAM_COLUMNS);
    });
  withOrg("create")
    .description("create a team; its users must already be members of the organization")
    .argument("<name>", "the team's name")
    .option("--username <email>", "a member to put in the team; repeat it for more", collect)
    .action(async (name: string, options: OrgOption & { username?: string[] }, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "POST", path: "/orgs/{orgId}/teams" }]);
      const body = { name, usernames: options.username ?? [] };
      context.print(await context.client().call(operation, { path: { orgId: options.orgId }, body }), TEAM_COLUMNS);
    });
  withOrg("rename")
    .description("rename a team")
    .argument("<teamId>", "the team's id (24 hex digits)", teamIdParser)
    .argument("<name>", "the team's new name")
    .action(async (teamId: string, name: string, options: OrgOption, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "PATCH", path: "/orgs/{orgId}/teams/{teamId}" }]);
      context.print(await context.client().call(operation, { path: { orgId: options.orgId, teamId }, body: { name } }), TEAM_COLUMNS);
    });
  withOrg("delete")
    .description("delete a team")
    .argument("<teamId>", "the team's id (24 hex digits)", teamIdParser)
    .action(async (teamId: string, options: OrgOption, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "DELETE", path: "/orgs/{orgId}/teams/{teamId}" }]);
      await context.client().call(operation, { path: { orgId: options.orgId, teamId } });
      context.deleted(teamId, `Deleted team ${teamId}.`);
    });
  teamUserCommand(withOrg("add-user"), io, ADD_USER_ROUTES, "Added").description("add a member of the organization to a team");
  teamUserCommand(withOrg("remove-user"), io, REMOVE_USER_ROUTES, "Removed").description("remove a user from a team");
}

/** `add-user` and `remove-user`: same arguments, different routes. */
function teamUserCommand(command: Command, io: CliIo, routes: readonly TeamUserRoute[], done: string): Command {
  return command
    .argument("<teamId>", "the team's id (24 hex digits)", teamIdParser)
    .argument("<userId>", "the user's id (24 hex digits)", userIdParser)
    .action(async (teamId: string, userId: string, options: OrgOption, self: Command) => {
      const context = apiCommandContext(self, io);
      const { operation, route } = context.operation(routes);
      const data = await context.client().call(operation, { path: { orgId: options.orgId, teamId }, body: route.body(userId) });
      context.report(data, `${done} user ${userId} (team ${teamId}).`);
    });
}
