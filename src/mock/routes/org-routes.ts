/**
 * Organizations on every surface: list, get, create, rename, delete, and their users.
 *
 * @module
 */
import type { MockOrganization, MockUser } from "../state/create-mock-state.js";
import { orgRolesOf, requireOrg, userByName } from "./mock-access.js";
import { MockError } from "../core/mock-error.js";
import { param, type Route, type RouteContext, type RouteResult } from "./mock-route.js";
import { newApiKeyView, orgView, serviceAccountView, userView } from "./mock-views.js";
import { createServiceAccount, type ServiceAccountInput } from "./service-account-routes.js";

interface CreateOrgBody {
  readonly name: string;
  readonly orgOwnerId?: string;
  readonly federationSettingsId?: string;
  readonly skipDefaultAlertsSettings?: boolean;
  readonly apiKey?: { readonly desc: string; readonly roles: readonly string[] };
  readonly serviceAccount?: ServiceAccountInput;
  readonly ldapGroupMappings?: readonly { readonly roleName: string; readonly ldapGroups?: readonly string[] }[];
}

const listOrgs: Route = (context) => ({
  list: [...context.state.organizations.values()]
    .filter((org) => orgRolesOf(context.state, context.principal, org.id).length > 0)
    .map((org) => orgView(context, org)),
});

const getOrg: Route = (context) => ({ body: orgView(context, requireOrg(context.state, context.principal, param(context, 0), "member")) });

const createOrg: Route = (context) => {
  const body = context.body as CreateOrgBody;
  const publicApi = context.surface === "cloud-manager" || context.surface === "ops-manager";
  return publicApi ? createPublicOrg(context, body) : createAtlasOrg(context, body);
};

/** Cloud Manager needs user credentials; Ops Manager also lets its global owner key create. */
function createPublicOrg(context: RouteContext, body: CreateOrgBody): RouteResult {
  const { principal, state } = context;
  if (principal.kind === "apiKey" && !(context.surface === "ops-manager" && state.apiKeys.get(principal.publicKey)?.globalOwner)) {
    throw new MockError(403, "API_KEY_CANNOT_CREATE_ORG", "An API key cannot create an organization; use user credentials.");
  }
  const owner = principal.kind === "user" ? userByName(state, principal.username) : undefined;
  return { body: orgView(context, addOrg(context, body, owner)) };
}

/** Atlas (v2 and v1.0): an Organization Owner of a paying organization; API keys name `orgOwnerId`. */
function createAtlasOrg(context: RouteContext, body: CreateOrgBody): RouteResult {
  const { principal, state } = context;
  const owned = [...state.organizations.values()].filter((org) => orgRolesOf(state, principal, org.id).includes("ORG_OWNER"));
  if (owned.length === 0) throw new MockError(401, "NOT_ORG_OWNER", "Only an Organization Owner can create an organization.");
  if (!owned.some((org) => org.paying)) {
    throw new MockError(403, "NO_PAYMENT_INFORMATION_FOUND", "The caller's organization must be a paying organization to create organizations.");
  }
  if (principal.kind === "apiKey" && body.orgOwnerId === undefined) {
    throw new MockError(400, "MISSING_ATTRIBUTE", "orgOwnerId is required when an API key creates an organization.", [
      { field: "orgOwnerId", description: "is required when calling with an API key" },
    ]);
  }
  const owner = body.orgOwnerId === undefined ? callerUser(context) : ownerFrom(context, owned, body.orgOwnerId);
  const org = addOrg(context, body, owner);
  const apiKey = body.apiKey && addApiKey(context, org, body.apiKey);
  const account = body.serviceAccount && createServiceAccount(context, org.id, body.serviceAccount);
  return {
    body: {
      organization: orgView(context, org),
      ...(owner ? { orgOwnerId: owner.id } : {}),
      ...(body.federationSettingsId ? { federationSettingsId: body.federationSettingsId } : {}),
      ...(apiKey ? { apiKey: newApiKeyView(apiKey) } : {}),
      ...(account ? { serviceAccount: serviceAccountView(account, account.secrets[0]?.id) } : {}),
      skipDefaultAlertsSettings: org.skipDefaultAlertsSettings,
    },
  };
}

function callerUser(context: RouteContext): MockUser | undefined {
  return context.principal.kind === "user" ? userByName(context.state, context.principal.username) : undefined;
}

/** `orgOwnerId` must be a member of an organization the caller owns. */
function ownerFrom(context: RouteContext, owned: readonly MockOrganization[], orgOwnerId: string): MockUser {
  const user = context.state.users.get(orgOwnerId);
  if (!user || !owned.some((org) => org.members.has(user.id))) {
    throw new MockError(404, "USER_NOT_IN_ORG", `User ${orgOwnerId} is not a member of the caller's organization.`);
  }
  return user;
}

function addOrg(context: RouteContext, body: CreateOrgBody, owner: MockUser | undefined): MockOrganization {
  const org: MockOrganization = {
    id: context.ids.id(),
    name: body.name,
    paying: false,
    skipDefaultAlertsSettings: body.skipDefaultAlertsSettings ?? false,
    ...(body.federationSettingsId ? { federationSettingsId: body.federationSettingsId } : {}),
    ...(body.ldapGroupMappings ? { ldapGroupMappings: body.ldapGroupMappings } : {}),
    members: new Map([...ldapMembers(context, body.ldapGroupMappings), ...(owner ? [[owner.id, ["ORG_OWNER"]] as [string, string[]]] : [])]),
    createdAt: new Date(context.now).toISOString(),
  };
  context.state.organizations.set(org.id, org);
  return org;
}

/** With LDAP mappings (Ops Manager), the users of each mapped group get its role. */
function ldapMembers(context: RouteContext, mappings: CreateOrgBody["ldapGroupMappings"]): [string, string[]][] {
  const members = new Map<string, string[]>();
  for (const { roleName, ldapGroups = [] } of mappings ?? []) {
    for (const user of context.state.users.values()) {
      if (!user.ldapGroups?.some((group) => ldapGroups.includes(group))) continue;
      members.set(user.id, [...(members.get(user.id) ?? []), roleName]);
    }
  }
  return [...members];
}

function addApiKey(context: RouteContext, org: MockOrganization, input: NonNullable<CreateOrgBody["apiKey"]>) {
  const key = {
    id: context.ids.id(),
    publicKey: context.ids.publicKey(),
    privateKey: context.ids.privateKey(),
    desc: input.desc,
    globalOwner: false,
    roles: input.roles.map((roleName) => ({ orgId: org.id, roleName })),
  };
  context.state.apiKeys.set(key.publicKey, key);
  return key;
}

const updateOrg: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "owner");
  const body = context.body as { name?: string; skipDefaultAlertsSettings?: boolean };
  if (body.name !== undefined) org.name = body.name;
  if (body.skipDefaultAlertsSettings !== undefined) org.skipDefaultAlertsSettings = body.skipDefaultAlertsSettings;
  return { body: orgView(context, org) };
};

/**
 * An organization with teams is not empty (409 `ORG_NOT_EMPTY`); its service accounts and
 * API key roles are credentials, not content, and go with it (their tokens too).
 */
const deleteOrg: Route = (context) => {
  const { state } = context;
  const org = requireOrg(state, context.principal, param(context, 0), "owner");
  if ([...state.teams.values()].some((team) => team.orgId === org.id)) {
    throw new MockError(409, "ORG_NOT_EMPTY", `Organization ${org.id} still has teams; delete them first.`);
  }
  for (const account of [...state.serviceAccounts.values()]) {
    if (account.orgId !== org.id) continue;
    state.serviceAccounts.delete(account.clientId);
    context.revokeClient(account.clientId);
  }
  for (const key of state.apiKeys.values()) {
    const kept = key.roles.filter((role) => role.orgId !== org.id);
    key.roles.splice(0, key.roles.length, ...kept);
  }
  state.organizations.delete(org.id);
  return {};
};

const listOrgUsers: Route = (context) => {
  const org = requireOrg(context.state, context.principal, param(context, 0), "member");
  const users = [...org.members.keys()].flatMap((id) => context.state.users.get(id) ?? []);
  return { list: users.map((user) => userView(context, user, org.id)) };
};

/** Organization routes by route key. */
export const orgRoutes: Readonly<Record<string, Route>> = {
  "GET /orgs": listOrgs,
  "POST /orgs": createOrg,
  "GET /orgs/{}": getOrg,
  "PATCH /orgs/{}": updateOrg,
  "DELETE /orgs/{}": deleteOrg,
  "GET /orgs/{}/users": listOrgUsers,
};
