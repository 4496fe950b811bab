/**
 * `atlas-admin orgs list|get|create|delete`.
 *
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { apiCommandContext, type ApiCommandContext } from "../program/api-command-context.js";
import { pathParamParser } from "../program/arg-parsers.js";
import type { CliIo } from "../output/cli-io.js";
import { CliUsageError } from "../errors/cli-usage-error.js";
import type { TableColumn } from "../output/render-table.js";

const ORG_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "NAME", field: "name" },
];

interface LdapGroupMapping {
  readonly roleName: string;
  readonly ldapGroups: string[];
}

interface CreateOptions {
  readonly orgOwnerId?: string;
  readonly ldapGroupMapping?: LdapGroupMapping[];
}

/** Adds the `orgs` command group to `program`. */
export function registerOrgsCommand(program: Command, io: CliIo): void {
  const orgs = program.command("orgs").description("organizations");
  orgs
    .command("list")
    .description("list the organizations the credentials can see")
    .action(async (_options: unknown, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "GET", path: "/orgs" }]);
      context.print(await context.client().list(operation, {}), ORG_COLUMNS);
    });
  orgs
    .command("get")
    .description("show one organization")
    .argument("<orgId>", "the organization's id (24 hex digits)", pathParamParser("orgId"))
    .action(async (orgId: string, _options: unknown, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}" }]);
      context.print(await context.client().call(operation, { path: { orgId } }), ORG_COLUMNS);
    });
  orgs
    .command("create")
    .description("create an organization (Cloud Manager: with user credentials; Ops Manager: with a global owner key)")
    .argument("<name>", "the new organization's name")
    .option("--org-owner-id <userId>", "atlas, atlas-v1: the user who becomes Organization Owner (required with an API key)", pathParamParser("userId"))
    .option("--ldap-group-mapping <role=group>", "ops-manager: map an organization role to an LDAP group; repeat it (ORG_OWNER is required)", collectMapping)
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "POST", path: "/orgs" }]);
      const created = await context.client().call(operation, { body: createBody(context, name, options) });
      // Atlas answers { organization, orgOwnerId, … }; the public APIs the organization itself.
      const organization = (created as { organization?: unknown }).organization ?? created;
      context.print(created, ORG_COLUMNS, organization);
    });
  orgs
    .command("delete")
    .description("delete an organization (it must have no teams left)")
    .argument("<orgId>", "the organization's id (24 hex digits)", pathParamParser("orgId"))
    .action(async (orgId: string, _options: unknown, command: Command) => {
      const context = apiCommandContext(command, io);
      const { operation } = context.operation([{ method: "DELETE", path: "/orgs/{orgId}" }]);
      await context.client().call(operation, { path: { orgId } });
      context.deleted(orgId, `Deleted organization ${orgId}.`);
    });
}

function createBody(context: ApiCommandContext, name: string, options: CreateOptions): Record<string, unknown> {
  const atlas = context.api === "atlas" || context.api === "atlas-v1";
  if (options.orgOwnerId !== undefined && !atlas) throw new CliUsageError(`--org-owner-id is for --api atlas and atlas-v1, not ${context.api}`);
  if (options.ldapGroupMapping !== undefined && context.api !== "ops-manager") {
    throw new CliUsageError(`--ldap-group-mapping is for --api ops-manager, not ${context.api}`);
  }
  return {
    name,
    ...(options.orgOwnerId === undefined ? {} : { orgOwnerId: options.orgOwnerId }),
    ...(options.ldapGroupMapping === undefined ? {} : { ldapGroupMappings: options.ldapGroupMapping }),
  };
}

/** `ROLE=group` (a group may hold `=` and `,`, as LDAP DNs do); groups of one role are merged. */
function collectMapping(value: string, previous: readonly LdapGroupMapping[] = []): LdapGroupMapping[] {
  const split = value.indexOf("=");
  if (split <= 0 || split === value.length - 1) throw new InvalidArgumentError("Must be ROLE=group, e.g. ORG_OWNER=cn=dbas,ou=groups,dc=example,dc=com.");
  const roleName = value.slice(0, split);
  const group = value.slice(split + 1);
  const existing = previous.find((mapping) => mapping.roleName === roleName);
  if (!existing) return [...previous, { roleName, ldapGroups: [group] }];
  return previous.map((mapping) => (mapping === existing ? { roleName, ldapGroups: [...mapping.ldapGroups, group] } : mapping));
}
