/**
 * The mock's in-memory state: plain records in `Map`s that tests may read (and, when they
 * must, change). Resetting refills the same maps so references held by tests stay valid.
 *
 * @module
 */
import type { MockSeed } from "./mock-seed.js";

/** An organization. `members` maps user ids to their organization roles. */
export interface MockOrganization {
  readonly id: string;
  name: string;
  /** Only an owner of a paying organization may create organizations on Atlas. */
  readonly paying: boolean;
  skipDefaultAlertsSettings: boolean;
  readonly federationSettingsId?: string;
  /** Ops Manager LDAP group mappings given at creation. */
  readonly ldapGroupMappings?: readonly { readonly roleName: string; readonly ldapGroups?: readonly string[] }[];
  readonly members: Map<string, readonly string[]>;
  readonly createdAt: string;
}

/** A MongoDB Cloud user; `password` makes them able to sign in with Digest ("user credentials"). */
export interface MockUser {
  readonly id: string;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly password?: string;
  /** LDAP groups the user is in (Ops Manager's LDAP mappings). */
  readonly ldapGroups?: readonly string[];
  readonly createdAt: string;
}

/** A team of one organization. */
export interface MockTeam {
  readonly id: string;
  readonly orgId: string;
  name: string;
  readonly userIds: string[];
}

/** One service account secret; `value` is shown once, in the answer that created it. */
export interface MockSecret {
  readonly id: string;
  readonly value: string;
  readonly createdAt: string;
  /** Epoch milliseconds. */
  readonly expiresAtMs: number;
  lastUsedAt?: string;
}

/** One access list entry of a service account. */
export interface MockAccessListEntry {
  readonly cidrBlock: string;
  readonly ipAddress?: string;
  readonly createdAt: string;
  requestCount: number;
}

/** A service account of one organization. */
export interface MockServiceAccount {
  readonly clientId: string;
  readonly orgId: string;
  name: string;
  description: string;
  roles: readonly string[];
  readonly createdAt: string;
  readonly secrets: MockSecret[];
  readonly accessList: MockAccessListEntry[];
}

/** A programmatic API key; `roles` name the organizations it may act on. */
export interface MockApiKey {
  readonly id: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly desc: string;
  readonly globalOwner: boolean;
  readonly roles: { readonly orgId: string; readonly roleName: string }[];
}

/** One answered request. Holds no header, body or secret. */
export interface MockRequestRecord {
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  /** The answer's status; 0 when the connection was dropped. */
  readonly status: number;
  /** Who the request authenticated as, when it did. */
  readonly principal?: "apiKey" | "user" | "serviceAccount";
}

/** Everything the mock knows, inspectable by tests. */
export interface MockState {
  readonly organizations: Map<string, MockOrganization>;
  readonly users: Map<string, MockUser>;
  readonly teams: Map<string, MockTeam>;
  /** By client id. */
  readonly serviceAccounts: Map<string, MockServiceAccount>;
  /** By public key. */
  readonly apiKeys: Map<string, MockApiKey>;
  /** The latest requests, oldest first (as many as the `requestLogLimit` option keeps). */
  readonly requests: MockRequestRecord[];
  readonly counters: { httpRequests: number; tokenRequests: number };
}

/** Creates an empty state; fill it with {@link seedMockState}. */
export function createMockState(): MockState {
  return {
    organizations: new Map(),
    users: new Map(),
    teams: new Map(),
    serviceAccounts: new Map(),
    apiKeys: new Map(),
    requests: [],
    counters: { httpRequests: 0, tokenRequests: 0 },
  };
}

/** Empties `state` in place and fills it from `seed`; `now` dates the seeded records. */
export function seedMockState(state: MockState, seed: MockSeed, now: number): void {
  for (const map of [state.organizations, state.users, state.teams, state.serviceAccounts, state.apiKeys]) map.clear();
  state.requests.length = 0;
  state.counters.httpRequests = 0;
  state.counters.tokenRequests = 0;
  const createdAt = new Date(now).toISOString();
  const orgId = seed.organization.id;
  const members = new Map<string, readonly string[]>();
  for (const user of seed.users) {
    state.users.set(user.id, { ...user, createdAt });
    if (user.orgRoles) members.set(user.id, user.orgRoles);
  }
  state.organizations.set(orgId, { ...seed.organization, paying: true, skipDefaultAlertsSettings: false, members, createdAt });
  for (const key of [seed.apiKey, seed.opsManagerApiKey]) {
    const roles = (key.orgRoles ?? []).map((roleName) => ({ orgId, roleName }));
    state.apiKeys.set(key.publicKey, { ...key, globalOwner: key.globalOwner ?? false, roles });
  }
  const account = seed.serviceAccount;
  state.serviceAccounts.set(account.clientId, {
    clientId: account.clientId,
    orgId,
    name: account.name,
    description: "Seeded service account",
    roles: account.roles,
    createdAt,
    secrets: [{ id: account.secretId, value: account.secret, createdAt, expiresAtMs: Date.parse("2099-12-31T00:00:00Z") }],
    accessList: [],
  });
}
