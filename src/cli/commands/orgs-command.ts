/**
 * `atlas-admin orgs list|describe|create|rename|delete` and `orgs users list` (the Atlas
 * CLI's `organizations` is an alias).
 *
 * @module
 */
import { InvalidArgumentError, type Command } from "commander";
import { apiCommandContext, type ApiCommandContext, type CliSession } from "../program/api-command-context.js";
import { collect, parsePositiveInteger, pathParamParser } from "../program/arg-parsers.js";
import { optionWithAlias, withForceOption, withOrgIdOption } from "../program/common-options.js";
import { CliUsageError } from "../errors/cli-usage-error.js";
import { CREDENTIAL_ENV } from "../credentials/resolve-credentials.js";
import type { TableColumn } from "../output/render-table.js";

const ORG_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "NAME", field: "name" },
];

const USER_COLUMNS: readonly TableColumn[] = [
  { header: "ID", field: "id" },
  { header: "USERNAME", field: "username" },
  { header: "ROLES", field: "roles" },
];

const ORG_PATH = { method: "GET", path: "/orgs/{orgId}" } as const;

interface LdapGroupMapping {
  readonly roleName: string;
  readonly ldapGroups: string[];
}

interface CreateOptions {
  readonly orgOwnerId?: string;
  readonly ldapGroupMapping?: LdapGroupMapping[];
  readonly apiKeyDescription?: string;
  readonly apiKeyRole?: string[];
  readonly serviceAccountName?: string;
  readonly serviceAccountDescription?: string;
  readonly serviceAccountRole?: string[];
  readonly serviceAccountSecretExpiresAfterHours?: number;
}

/** What `orgs create` prints as JSON on every API: Atlas's answer, `{ organization, … }`. */
interface CreatedOrg {
  readonly organization: unknown;
  readonly apiKey?: { readonly publicKey?: string; readonly privateKey?: string };
  readonly serviceAccount?: { readonly clientId?: string; readonly secrets?: readonly { readonly secret?: string }[] };
}

const orgIdParser = pathParamParser("orgId");

/** Adds the `orgs` command group to `program`. */
export function registerOrgsCommand(program: Command, session: CliSession): void {
  const orgs = program.command("orgs").alias("organizations").description("organizations");
  orgs
    .command("list")
    .description("list the organizations the credentials can see")
    .action(async (_options: unknown, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "GET", path: "/orgs" }]);
      context.printList(await context.client().list(operation, {}), ORG_COLUMNS);
    });
  orgs
    .command("describe")
    .alias("get")
    .description("show one organization")
    .argument("[orgId]", `the organization's id, 24 hex digits (default MONGODB_ATLAS_ORG_ID or the profile's org_id)`, orgIdParser)
    .action(async (orgId: string | undefined, _options: unknown, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([ORG_PATH]);
      context.print(await context.client().call(operation, { path: { orgId: context.orgId(orgId) } }), ORG_COLUMNS);
    });
  registerCreate(orgs, session);
  orgs
    .command("rename")
    .description("rename an organization")
    .argument("<orgId>", "the organization's id (24 hex digits)", orgIdParser)
    .argument("<name>", "the organization's new name")
    .action(async (orgId: string, name: string, _options: unknown, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "PATCH", path: "/orgs/{orgId}" }]);
      context.print(await context.client().call(operation, { path: { orgId }, body: { name } }), ORG_COLUMNS);
    });
  withForceOption(orgs.command("delete"))
    .description("delete an organization (it must have no teams left); asks first unless --force")
    .argument("<orgId>", "the organization's id (24 hex digits)", orgIdParser)
    .action(async (orgId: string, options: { force?: boolean }, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "DELETE", path: "/orgs/{orgId}" }]);
      const client = context.client();
      if (!(await context.confirmDelete(`organization ${orgId}`, orgId, options.force))) return;
      await client.call(operation, { path: { orgId } });
      context.deleted(orgId, `Deleted organization ${orgId}.`);
    });
  const users = orgs.command("users").description("users of an organization");
  withOrgIdOption(users.command("list"))
    .description("list the organization's users (their ids are what teams add-user takes)")
    .action(async (options: { orgId?: string }, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "GET", path: "/orgs/{orgId}/users" }]);
      const list = await context.client().list(operation, { path: { orgId: context.orgId(options.orgId) } });
      context.printList(list, USER_COLUMNS, list.results.map(userRow));
    });
}

function registerCreate(orgs: Command, session: CliSession): void {
  const create = orgs
    .command("create")
    .description(
      "create an organization (Atlas: an API key needs --org-owner-id, and gets no role in the new organization, so ask for its own API key or service account; " +
        "Cloud Manager: with user credentials; Ops Manager: with a global owner key)",
    )
    .argument("<name>", "the new organization's name");
  optionWithAlias(create, "--org-owner-id <userId>", "--ownerId", "atlas, atlas-v1: the user who becomes Organization Owner (required with an API key)", pathParamParser("userId"));
  optionWithAlias(create, "--api-key-description <text>", "--apiKeyDescription", "atlas, atlas-v1: create an API key for the new organization, described so");
  optionWithAlias(create, "--api-key-role <role>", "--apiKeyRole", "its roles (ORG_OWNER, ORG_MEMBER, …; a comma list or repeated; required with --api-key-description)", collect);
  create.option("--service-account-name <name>", "atlas, atlas-v1: create a service account for the new organization instead, named so");
  create.option("--service-account-description <text>", "its description (required with --service-account-name)");
  create.option("--service-account-role <role>", "its roles (a comma list or repeated; required with --service-account-name)", collect);
  create.option("--service-account-secret-expires-after-hours <hours>", "how long its secret lives (required with --service-account-name)", parsePositiveInteger);
  create
    .option("--ldap-group-mapping <role=group>", "ops-manager: map an organization role to an LDAP group; repeat it (ORG_OWNER is required)", collectMapping)
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "POST", path: "/orgs" }]);
      const body = createBody(context, name, options);
      const answer = (await context.client().call(operation, { body })) as Record<string, unknown>;
      // Atlas answers { organization, orgOwnerId, … }; the public APIs the organization itself.
      const created: CreatedOrg = "organization" in answer ? (answer as unknown as CreatedOrg) : { organization: answer };
      context.print(created, ORG_COLUMNS, created.organization);
      sayCredentials(context, created, body);
    });
}

function createBody(context: ApiCommandContext, name: string, options: CreateOptions): Record<string, unknown> {
  const atlas = context.api === "atlas" || context.api === "atlas-v1";
  const atlasOnly = { "--org-owner-id": options.orgOwnerId, "--api-key-description": options.apiKeyDescription, "--service-account-name": options.serviceAccountName };
  for (const [flag, value] of Object.entries(atlasOnly)) {
    if (value !== undefined && !atlas) throw new CliUsageError(`${flag} is for --api atlas and atlas-v1, not ${context.api}`);
  }
  if (options.ldapGroupMapping !== undefined && context.api !== "ops-manager") {
    throw new CliUsageError(`--ldap-group-mapping is for --api ops-manager, not ${context.api}`);
  }
  if (atlas && options.orgOwnerId === undefined && context.credentials().kind === "apiKey") {
    throw new CliUsageError("--org-owner-id (--ownerId) is required when an API key creates an organization: give the id of the user who will own it");
  }
  const apiKey = apiKeyBody(options);
  const serviceAccount = serviceAccountBody(options);
  if (apiKey && serviceAccount) throw new CliUsageError("ask for an API key (--api-key-…) or a service account (--service-account-…) for the new organization, not both");
  return {
    name,
    ...(options.orgOwnerId === undefined ? {} : { orgOwnerId: options.orgOwnerId }),
    ...(apiKey ? { apiKey } : {}),
    ...(serviceAccount ? { serviceAccount } : {}),
    ...(options.ldapGroupMapping === undefined ? {} : { ldapGroupMappings: options.ldapGroupMapping }),
  };
}

function apiKeyBody(options: CreateOptions): { desc: string; roles: string[] } | undefined {
  const { apiKeyDescription: desc, apiKeyRole: roles } = options;
  if (desc === undefined && roles === undefined) return undefined;
  if (desc === undefined || roles === undefined) throw new CliUsageError("--api-key-description and --api-key-role go together");
  return { desc, roles };
}

function serviceAccountBody(options: CreateOptions): Record<string, unknown> | undefined {
  const fields = {
    "--service-account-name": options.serviceAccountName,
    "--service-account-description": options.serviceAccountDescription,
    "--service-account-role": options.serviceAccountRole,
    "--service-account-secret-expires-after-hours": options.serviceAccountSecretExpiresAfterHours,
  };
  const missing = Object.entries(fields).filter(([, value]) => value === undefined).map(([flag]) => flag);
  if (missing.length === 4) return undefined;
  if (missing.length > 0) throw new CliUsageError(`a service account for the new organization also needs ${missing.join(", ")}`);
  return {
    name: options.serviceAccountName,
    description: options.serviceAccountDescription,
    roles: options.serviceAccountRole,
    secretExpiresAfterHours: options.serviceAccountSecretExpiresAfterHours,
  };
}

/** The new organization's once-only credentials, and how to use them (with JSON output they are in the answer). */
function sayCredentials(context: ApiCommandContext, created: CreatedOrg, body: Record<string, unknown>): void {
  const { apiKey, serviceAccount } = created;
  if (apiKey?.privateKey !== undefined) {
    context.say(`API key of the new organization (the private key is shown only now; store it safely):`);
    context.say(`  public key   ${apiKey.publicKey ?? ""}`);
    context.say(`  private key  ${apiKey.privateKey}`);
    context.say(`Use it:  export ${CREDENTIAL_ENV.publicKey}=${apiKey.publicKey ?? ""} ${CREDENTIAL_ENV.privateKey}=${apiKey.privateKey}`);
    return;
  }
  const secret = serviceAccount?.secrets?.[0]?.secret;
  if (secret !== undefined) {
    context.say(`Service account of the new organization (the secret is shown only now; store it safely):`);
    context.say(`  client id  ${serviceAccount?.clientId ?? ""}`);
    context.say(`  secret     ${secret}`);
    context.say(`Use it:  export ${CREDENTIAL_ENV.clientId}=${serviceAccount?.clientId ?? ""} ${CREDENTIAL_ENV.clientSecret}=${secret}`);
    return;
  }
  if ((context.api === "atlas" || context.api === "atlas-v1") && body.apiKey === undefined && body.serviceAccount === undefined) {
    context.say("The credentials used get no role in the new organization; its owner (or an API key or service account created with it) reaches it.");
  }
}

/** A user row for the table: the role names only. */
function userRow(user: unknown): Record<string, unknown> {
  const { roles = [], ...rest } = user as { roles?: readonly { roleName?: string }[] };
  return { ...rest, roles: roles.map((role) => role.roleName ?? "") };
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
