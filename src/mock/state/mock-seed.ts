/**
 * What the mock starts with: one paying organization, its users, and the credentials that
 * can call it. Every id and secret is fixed so tests, the CLI and the walkthrough can name them.
 *
 * @module
 */

/** One seeded MongoDB Cloud user. */
export interface MockSeedUser {
  /** 24 lowercase hex digits. */
  readonly id: string;
  /** The email address the user signs in with. */
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  /** Organization roles in the seeded organization; absent for a user who is not a member. */
  readonly orgRoles?: readonly string[];
  /** Digest password for "user credentials" (Cloud Manager org creation); absent: cannot sign in. */
  readonly password?: string;
  /** LDAP groups (Ops Manager): an organization created with `ldapGroupMappings` takes the members of its mapped groups. */
  readonly ldapGroups?: readonly string[];
}

/** A programmatic API key: public key = Digest username, private key = password. */
export interface MockSeedApiKey {
  readonly id: string;
  readonly publicKey: string;
  readonly privateKey: string;
  readonly desc: string;
  /** Ops Manager's global owner: ORG_OWNER of every organization, and may create organizations. */
  readonly globalOwner?: boolean;
  /** Organization roles on the seeded organization. */
  readonly orgRoles?: readonly string[];
}

/** The seeded service account and its one secret. */
export interface MockSeedServiceAccount {
  /** `mdb_sa_id_` + 24 hex digits. */
  readonly clientId: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly secretId: string;
  /** `mdb_sa_sk_…`. */
  readonly secret: string;
}

/** Everything the mock is seeded with. */
export interface MockSeed {
  readonly organization: { readonly id: string; readonly name: string };
  readonly users: readonly MockSeedUser[];
  readonly apiKey: MockSeedApiKey;
  readonly opsManagerApiKey: MockSeedApiKey;
  readonly serviceAccount: MockSeedServiceAccount;
}

/** The default seed: ann (owner, with a password), bob and carol in the organization, dave outside it. */
export const defaultMockSeed: MockSeed = {
  organization: { id: "650000000000000000000001", name: "Mock-Paying-Org" },
  users: [
    { id: "650000000000000000000011", username: "ann@example.com", firstName: "Ann", lastName: "Owner", orgRoles: ["ORG_OWNER"], password: "ann-mock-password", ldapGroups: ["cn=dbas,ou=groups,dc=example,dc=com"] },
    { id: "650000000000000000000012", username: "bob@example.com", firstName: "Bob", lastName: "Member", orgRoles: ["ORG_MEMBER"], ldapGroups: ["cn=developers,ou=groups,dc=example,dc=com"] },
    { id: "650000000000000000000013", username: "carol@example.com", firstName: "Carol", lastName: "Member", orgRoles: ["ORG_MEMBER"] },
    { id: "650000000000000000000014", username: "dave@example.org", firstName: "Dave", lastName: "Outsider" },
  ],
  apiKey: {
    id: "650000000000000000000021",
    publicKey: "abcdefgh",
    privateKey: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
    desc: "Seeded organization owner key",
    orgRoles: ["ORG_OWNER"],
  },
  opsManagerApiKey: {
    id: "650000000000000000000022",
    publicKey: "omglobal",
    privateKey: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    desc: "Seeded Ops Manager global owner key",
    globalOwner: true,
  },
  serviceAccount: {
    clientId: "mdb_sa_id_650000000000000000000031",
    name: "seeded-service-account",
    roles: ["ORG_OWNER"],
    secretId: "650000000000000000000032",
    secret: "mdb_sa_sk_seededmocksecret0123456789abcdef",
  },
};
