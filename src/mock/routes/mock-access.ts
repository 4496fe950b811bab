/**
 * Who may do what: organization roles of the caller, and the checks routes run first.
 *
 * @module
 */
import type { MockOrganization, MockState, MockUser } from "../state/create-mock-state.js";
import { MockError } from "../core/mock-error.js";
import type { MockPrincipal } from "../auth/mock-principal.js";

/** The caller's organization roles in `orgId` (every org is owned by a global owner key). */
export function orgRolesOf(state: MockState, principal: MockPrincipal, orgId: string): readonly string[] {
  switch (principal.kind) {
    case "apiKey": {
      const key = state.apiKeys.get(principal.publicKey);
      if (key?.globalOwner) return ["ORG_OWNER"];
      return key?.roles.filter((role) => role.orgId === orgId).map((role) => role.roleName) ?? [];
    }
    case "user": {
      const user = userByName(state, principal.username);
      return (user && state.organizations.get(orgId)?.members.get(user.id)) ?? [];
    }
    case "serviceAccount": {
      const account = state.serviceAccounts.get(principal.clientId);
      return account?.orgId === orgId ? account.roles : [];
    }
  }
}

/**
 * The organization, when the caller may act on it: 404 `ORG_NOT_FOUND` when it does not
 * exist, 401 `USER_UNAUTHORIZED` when the caller has no role in it, 401 `NOT_ORG_OWNER`
 * when `owner` is asked and the caller is not an Organization Owner.
 */
export function requireOrg(state: MockState, principal: MockPrincipal, orgId: string, need: "member" | "owner"): MockOrganization {
  const org = state.organizations.get(orgId);
  if (!org) throw new MockError(404, "ORG_NOT_FOUND", `No organization with ID ${orgId} exists.`);
  const roles = orgRolesOf(state, principal, orgId);
  if (roles.length === 0) throw new MockError(401, "USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  if (need === "owner" && !roles.includes("ORG_OWNER")) {
    throw new MockError(401, "NOT_ORG_OWNER", `The caller is not an Organization Owner of organization ${orgId}.`);
  }
  return org;
}

/** The user with this username (email address). */
export function userByName(state: MockState, username: string): MockUser | undefined {
  for (const user of state.users.values()) if (user.username === username) return user;
  return undefined;
}

/** The user, who must be a member of `org`; otherwise 404 `USER_NOT_IN_ORG`. */
export function requireMember(org: MockOrganization, user: MockUser | undefined, named: string): MockUser {
  if (!user || !org.members.has(user.id)) {
    throw new MockError(404, "USER_NOT_IN_ORG", `User ${named} is not a member of organization ${org.id}.`);
  }
  return user;
}
