/**
 * `atlas-admin-client/mock/server`: the mock without msw, for curl, other SDKs and the CLI:
 * the HTTP server, the transport-independent core, the seed and the types. Nothing here
 * imports msw, the optional peer dependency that only `atlas-admin-client/mock`'s
 * `createAtlasMock` needs.
 *
 * @module
 */
export { startMockServer, type MockServer, type MockServerOptions } from "./adapters/start-mock-server.js";
export type { TlsKeyPair } from "./adapters/self-signed-certificate.js";
export { createMockCore, type MockCore } from "./core/create-mock-core.js";
export { DroppedConnection } from "./core/dropped-connection.js";
export type { DropOptions, FailureAnswer, MockFaults } from "./state/create-mock-faults.js";
export type {
  MockAccessListEntry,
  MockApiKey,
  MockOrganization,
  MockRequestRecord,
  MockSecret,
  MockServiceAccount,
  MockState,
  MockTeam,
  MockUser,
} from "./state/create-mock-state.js";
export type { MockCredentials } from "./auth/mock-credentials.js";
export type { MockOptions, PublicApiFlavor } from "./core/mock-options.js";
export type { MockPrincipal } from "./auth/mock-principal.js";
export { defaultMockSeed, type MockSeed, type MockSeedApiKey, type MockSeedServiceAccount, type MockSeedUser } from "./state/mock-seed.js";
export type { EnvelopeStatus } from "./core/shape-response.js";
export { atlasRateLimits, type MockBucketLimits, type MockRateLimits, type MockRateLimitScope, type MockRateLimitSet } from "./rate-limits/mock-rate-limits.js";
