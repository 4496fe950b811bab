/**
 * Organization service accounts: CRUD, secrets (shown once), access list and projects.
 *
 * @module
 */
import type { MockServiceAccount } from "../state/create-mock-state.js";
import { requireOrg } from "./mock-access.js";
import { MockError } from "../core/mock-error.js";
import { param, type Route, type RouteContext } from "./mock-route.js";
import { accessListView, secretView, serviceAccountView } from "./mock-views.js";

/** The body that creates a service account (also `serviceAccount` of create organization). */
export interface ServiceAccountInput {
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
  readonly secretExpiresAfterHours: number;
}

/** Adds a service account with one new secret to `orgId`. */
export function createServiceAccount(context: RouteContext, orgId: string, input: ServiceAccountInput): MockServiceAccount {
  const account: MockServiceAccount = {
    clientId: context.ids.clientId(),
    orgId,
    name: input.name,
    description: input.description,
    roles: input.roles,
    createdAt: new Date(context.now).toISOString(),
    secrets: [],
    accessList: [],
  };
  addSecret(context, account, input.secretExpiresAfterHours);
  context.state.serviceAccounts.set(account.clientId, account);
  return account;
}

function addSecret(context: RouteContext, account: MockServiceAccount, hours: number) {
  const secret = {
    id: context.ids.id(),
    value: context.ids.secret(),
    createdAt: new Date(context.now).toISOString(),
    expiresAtMs: context.now + hours * 3_600_000,
  };
  account.secrets.push(secret);
  return secret;
}

/** The service account `params[1]` of organization `params[0]`, after the access check. */
function requireAccount(context: RouteContext, need: "member" | "owner"): MockServiceAccount {
  const org = requireOrg(context.state, context.principal, param(context, 0), need);
  const clientId = param(context, 1);
  const account = context.state.serviceAccounts.get(clientId);
  if (account?.orgId !== org.id) {
    throw new MockError(404, "SERVICE_ACCOUNT_NOT_FOUND", `No service account ${clientId} in organization ${org.id}.`);
  }
  return account;
}

const listAccounts: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "member");
  const accounts = [...context.state.serviceAccounts.values()].filter((account) => account.orgId === org.id);
  return { list: accounts.map((account) => serviceAccountView(account)) };
};

const createAccount: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "owner");
  const account = createServiceAccount(context, org.id, context.body as ServiceAccountInput);
  return { body: serviceAccountView(account, account.secrets[0]?.id) };
};

const getAccount: Route = (context) => ({ body: serviceAccountView(requireAccount(context, "member")) });

const updateAccount: Route = (context) => {
  const account = requireAccount(context, "owner");
  const body = context.body as Partial<Pick<MockServiceAccount, "name" | "description" | "roles">>;
  if (body.name !== undefined) account.name = body.name;
  if (body.description !== undefined) account.description = body.description;
  if (body.roles !== undefined) account.roles = body.roles;
  return { body: serviceAccountView(account) };
};

const deleteAccount: Route = (context) => {
  const account = requireAccount(context, "owner");
  context.state.serviceAccounts.delete(account.clientId);
  context.revokeClient(account.clientId);
  return {};
};

const createSecret: Route = (context) => {
  const account = requireAccount(context, "owner");
  const body = context.body as { secretExpiresAfterHours: number };
  return { body: secretView(addSecret(context, account, body.secretExpiresAfterHours), true) };
};

const deleteSecret: Route = (context) => {
  const account = requireAccount(context, "owner");
  const secretId = param(context, 2);
  const index = account.secrets.findIndex((secret) => secret.id === secretId);
  if (index < 0) throw new MockError(404, "RESOURCE_NOT_FOUND", `No secret ${secretId} on service account ${account.clientId}.`);
  account.secrets.splice(index, 1);
  return {};
};

const listAccessList: Route = (context) => ({ list: requireAccount(context, "member").accessList.map(accessListView) });

/** Adds entries (an array of `{ cidrBlock }` or `{ ipAddress }`); an address already listed is kept once. */
const addAccessList: Route = (context) => {
  const account = requireAccount(context, "owner");
  const createdAt = new Date(context.now).toISOString();
  for (const entry of context.body as readonly { cidrBlock?: string; ipAddress?: string }[]) {
    const cidrBlock = entry.cidrBlock ?? `${entry.ipAddress}/${entry.ipAddress?.includes(":") ? 128 : 32}`;
    if (account.accessList.some((listed) => listed.cidrBlock === cidrBlock)) continue;
    account.accessList.push({ cidrBlock, ...(entry.ipAddress ? { ipAddress: entry.ipAddress } : {}), createdAt, requestCount: 0 });
  }
  return { list: account.accessList.map(accessListView) };
};

/** The path segment is an address or a CIDR block (`/` sent as `%2F`). */
const deleteAccessListEntry: Route = (context) => {
  const account = requireAccount(context, "owner");
  const address = param(context, 2);
  const index = account.accessList.findIndex((entry) => entry.ipAddress === address || entry.cidrBlock === address);
  if (index < 0) throw new MockError(404, "RESOURCE_NOT_FOUND", `${address} is not on the access list of ${account.clientId}.`);
  account.accessList.splice(index, 1);
  return {};
};

/** The mock has no projects, so a service account is in none. */
const listGroups: Route = (context) => {
  requireAccount(context, "member");
  return { list: [] };
};

/** Service account routes by route key. */
export const serviceAccountRoutes: Readonly<Record<string, Route>> = {
  "GET /orgs/{}/serviceAccounts": listAccounts,
  "POST /orgs/{}/serviceAccounts": createAccount,
  "GET /orgs/{}/serviceAccounts/{}": getAccount,
  "PATCH /orgs/{}/serviceAccounts/{}": updateAccount,
  "DELETE /orgs/{}/serviceAccounts/{}": deleteAccount,
  "POST /orgs/{}/serviceAccounts/{}/secrets": createSecret,
  "DELETE /orgs/{}/serviceAccounts/{}/secrets/{}": deleteSecret,
  "GET /orgs/{}/serviceAccounts/{}/accessList": listAccessList,
  "POST /orgs/{}/serviceAccounts/{}/accessList": addAccessList,
  "DELETE /orgs/{}/serviceAccounts/{}/accessList/{}": deleteAccessListEntry,
  "GET /orgs/{}/serviceAccounts/{}/groups": listGroups,
};
