/**
 * The seeded credentials and ids a user of the mock needs, in one printable object.
 *
 * @module
 */
import type { MockSeed } from "../state/mock-seed.js";

/** What to call the mock with. These are mock-only secrets, safe to print. */
export interface MockCredentials {
  /** The seeded paying organization. */
  readonly orgId: string;
  readonly orgName: string;
  /** An API key with ORG_OWNER on the seeded organization (Digest). */
  readonly apiKey: { readonly publicKey: string; readonly privateKey: string };
  /** An Ops Manager global-owner API key (Digest); may create organizations on Ops Manager. */
  readonly opsManagerApiKey: { readonly publicKey: string; readonly privateKey: string };
  /** User credentials (Digest), an Organization Owner: what Cloud Manager needs to create organizations. */
  readonly user: { readonly id: string; readonly username: string; readonly password: string };
  /** A service account with ORG_OWNER on the seeded organization (OAuth client credentials). */
  readonly serviceAccount: { readonly clientId: string; readonly clientSecret: string };
  /** Every seeded user; `inOrg` tells whether they are a member of the seeded organization. */
  readonly users: readonly { readonly id: string; readonly username: string; readonly inOrg: boolean }[];
}

/** The credentials of a seed. */
export function mockCredentials(seed: MockSeed): MockCredentials {
  const user = seed.users.find((candidate) => candidate.password !== undefined);
  return {
    orgId: seed.organization.id,
    orgName: seed.organization.name,
    apiKey: { publicKey: seed.apiKey.publicKey, privateKey: seed.apiKey.privateKey },
    opsManagerApiKey: { publicKey: seed.opsManagerApiKey.publicKey, privateKey: seed.opsManagerApiKey.privateKey },
    user: { id: user?.id ?? "", username: user?.username ?? "", password: user?.password ?? "" },
    serviceAccount: { clientId: seed.serviceAccount.clientId, clientSecret: seed.serviceAccount.secret },
    users: seed.users.map((candidate) => ({ id: candidate.id, username: candidate.username, inOrg: candidate.orgRoles !== undefined })),
  };
}
