/**
 * How the mock's records look in answers. Secrets appear only when `reveal` is set, which
 * routes do in the one answer that creates them; every other view is masked.
 *
 * @module
 */
import type { Surface } from "../../../generated/operations.js";
import type { MockAccessListEntry, MockApiKey, MockOrganization, MockSecret, MockServiceAccount, MockTeam, MockUser } from "../state/create-mock-state.js";
import type { RouteContext } from "./mock-route.js";

const PREFIX: Readonly<Record<Surface, string>> = {
  "atlas-v2": "/api/atlas/v2",
  "atlas-v1.0": "/api/atlas/v1.0",
  "cloud-manager": "/api/public/v1.0",
  "ops-manager": "/api/public/v1.0",
};

function selfLink(context: RouteContext, path: string): { href: string; rel: string }[] {
  return [{ href: `${context.url.origin}${PREFIX[context.surface]}${path}`, rel: "self" }];
}

/** An organization. */
export function orgView(context: RouteContext, org: MockOrganization): Record<string, unknown> {
  return { id: org.id, name: org.name, isDeleted: false, skipDefaultAlertsSettings: org.skipDefaultAlertsSettings, links: selfLink(context, `/orgs/${org.id}`) };
}

/** A team as get, rename and list answer it (create adds `usernames`). */
export function teamView(context: RouteContext, team: MockTeam): Record<string, unknown> {
  return { id: team.id, name: team.name, links: selfLink(context, `/orgs/${team.orgId}/teams/${team.id}`) };
}

/** A user as the user lists answer it; `teamIds` are the user's teams in `orgId`. */
export function userView(context: RouteContext, user: MockUser, orgId: string): Record<string, unknown> {
  const teamIds = [...context.state.teams.values()].filter((team) => team.orgId === orgId && team.userIds.includes(user.id)).map((team) => team.id);
  const roles = context.state.organizations.get(orgId)?.members.get(user.id) ?? [];
  return {
    id: user.id,
    username: user.username,
    emailAddress: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    orgMembershipStatus: "ACTIVE",
    roles: roles.map((roleName) => ({ orgId, roleName })),
    teamIds,
    createdAt: user.createdAt,
  };
}

/** A service account; `revealSecretId` names the one secret whose value this answer shows. */
export function serviceAccountView(account: MockServiceAccount, revealSecretId?: string): Record<string, unknown> {
  return {
    clientId: account.clientId,
    name: account.name,
    description: account.description,
    roles: account.roles,
    createdAt: account.createdAt,
    secrets: account.secrets.map((secret) => secretView(secret, secret.id === revealSecretId)),
  };
}

/** A service account secret; the plain value only with `reveal`. */
export function secretView(secret: MockSecret, reveal: boolean): Record<string, unknown> {
  return {
    id: secret.id,
    createdAt: secret.createdAt,
    expiresAt: new Date(secret.expiresAtMs).toISOString(),
    ...(secret.lastUsedAt ? { lastUsedAt: secret.lastUsedAt } : {}),
    maskedSecretValue: `mdb_sa_sk_...${secret.value.slice(-4)}`,
    ...(reveal ? { secret: secret.value } : {}),
  };
}

/**
 * A new API key with its private key: only the create-organization answer shows one, and
 * no operation of the mock reads a key back, so the private key is never shown again.
 */
export function newApiKeyView(key: MockApiKey): Record<string, unknown> {
  return { id: key.id, desc: key.desc, publicKey: key.publicKey, privateKey: key.privateKey, roles: key.roles };
}

/** An access list entry. */
export function accessListView(entry: MockAccessListEntry): Record<string, unknown> {
  return { ...entry };
}
