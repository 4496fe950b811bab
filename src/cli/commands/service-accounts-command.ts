/**
 * `atlas-admin service-accounts list|describe|create|delete` and `service-accounts secrets
 * create` (Atlas v2 only: the other APIs have no service accounts).
 *
 * @module
 */
import type { Command } from "commander";
import { apiCommandContext, type ApiCommandContext, type CliSession } from "../program/api-command-context.js";
import { collect, parsePositiveInteger, pathParamParser } from "../program/arg-parsers.js";
import { withForceOption, withOrgIdOption } from "../program/common-options.js";
import { nameFrom } from "../program/name-from.js";
import type { TableColumn } from "../output/render-table.js";

const ACCOUNT_COLUMNS: readonly TableColumn[] = [
  { header: "CLIENT ID", field: "clientId" },
  { header: "NAME", field: "name" },
  { header: "ROLES", field: "roles" },
];

const SECRET_COLUMNS: readonly TableColumn[] = [
  { header: "SECRET ID", field: "id" },
  { header: "EXPIRES AT", field: "expiresAt" },
];

const ACCOUNTS_PATH = "/orgs/{orgId}/serviceAccounts";

const clientIdParser = pathParamParser("clientId");

interface OrgOption {
  readonly orgId?: string;
}

interface CreateOptions extends OrgOption {
  readonly name?: string;
  readonly description: string;
  readonly role: string[];
  readonly secretExpiresAfterHours: number;
}

/** Adds the `service-accounts` command group to `program`. */
export function registerServiceAccountsCommand(program: Command, session: CliSession): void {
  const accounts = program.command("service-accounts").description("service accounts of an organization (Atlas v2)");
  const withOrg = (parent: Command, name: string): Command => withOrgIdOption(parent.command(name));

  withOrg(accounts, "list")
    .description("list the organization's service accounts")
    .action(async (options: OrgOption, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "GET", path: ACCOUNTS_PATH }]);
      context.printList(await context.client().list(operation, { path: { orgId: context.orgId(options.orgId) } }), ACCOUNT_COLUMNS);
    });
  withOrg(accounts, "describe")
    .alias("get")
    .description("show one service account")
    .argument("<clientId>", "the service account's client id (mdb_sa_id_…)", clientIdParser)
    .action(async (clientId: string, options: OrgOption, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "GET", path: `${ACCOUNTS_PATH}/{clientId}` }]);
      context.print(await context.client().call(operation, { path: { orgId: context.orgId(options.orgId), clientId } }), ACCOUNT_COLUMNS);
    });
  withOrg(accounts, "create")
    .description("create a service account; its secret is shown once")
    .argument("[name]", "the service account's name (or --name)")
    .option("--name <name>", "the service account's name (or the argument)")
    .requiredOption("--description <text>", "what it is for (required)")
    .requiredOption("--role <role>", "an organization role (ORG_MEMBER, ORG_OWNER, …); a comma list or repeated (required)", collect)
    .requiredOption("--secret-expires-after-hours <hours>", "how long its first secret lives (required)", parsePositiveInteger)
    .action(async (positional: string | undefined, options: CreateOptions, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "POST", path: ACCOUNTS_PATH }]);
      const body = {
        name: nameFrom(positional, options.name),
        description: options.description,
        roles: options.role,
        secretExpiresAfterHours: options.secretExpiresAfterHours,
      };
      const account = await context.client().call(operation, { path: { orgId: context.orgId(options.orgId) }, body });
      context.print(account, ACCOUNT_COLUMNS);
      for (const secret of (account as { secrets?: unknown[] }).secrets ?? []) saySecret(context, secret);
    });
  withForceOption(withOrg(accounts, "delete"))
    .description("delete a service account (its tokens stop working); asks first unless --force")
    .argument("<clientId>", "the service account's client id (mdb_sa_id_…)", clientIdParser)
    .action(async (clientId: string, options: OrgOption & { force?: boolean }, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "DELETE", path: `${ACCOUNTS_PATH}/{clientId}` }]);
      const path = { orgId: context.orgId(options.orgId), clientId };
      const client = context.client();
      if (!(await context.confirmDelete(`service account ${clientId}`, clientId, options.force))) return;
      await client.call(operation, { path });
      context.deleted(clientId, `Deleted service account ${clientId}.`);
    });

  const secrets = accounts.command("secrets").description("secrets of a service account");
  withOrg(secrets, "create")
    .description("create a secret for a service account; it is shown once")
    .argument("<clientId>", "the service account's client id (mdb_sa_id_…)", clientIdParser)
    .requiredOption("--secret-expires-after-hours <hours>", "how long the secret lives (required)", parsePositiveInteger)
    .action(async (clientId: string, options: OrgOption & { secretExpiresAfterHours: number }, command: Command) => {
      const context = apiCommandContext(command, session);
      const { operation } = context.operation([{ method: "POST", path: `${ACCOUNTS_PATH}/{clientId}/secrets` }]);
      const body = { secretExpiresAfterHours: options.secretExpiresAfterHours };
      const secret = await context.client().call(operation, { path: { orgId: context.orgId(options.orgId), clientId }, body });
      context.print(secret, SECRET_COLUMNS);
      saySecret(context, secret);
    });
}

/** The once-only plain secret of a create answer: the user asked for it and cannot get it again. */
function saySecret(context: ApiCommandContext, secret: unknown): void {
  const { id, secret: value } = secret as { id?: string; secret?: string };
  if (value !== undefined) context.say(`Secret ${id ?? ""} (shown only now, store it safely): ${value}`);
}
