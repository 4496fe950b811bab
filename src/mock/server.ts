/**
 * `atlas-admin-client/mock/server`: the mock without msw, for curl, other SDKs and the CLI:
 * the HTTP server, the transport-independent core, the seed and the types. Nothing here
 * imports msw, the optional peer dependency that only `atlas-admin-client/mock`'s
 * `createAtlasMock` needs.
 *
 * @module
 */
export { startMockServer, type MockServer, type MockServerOptions } from "./start-mock-server.js";
export { createMockCore, type MockCore } from "./create-mock-core.js";
export { DroppedConnection } from "./dropped-connection.js";
export type { DropOptions, FailureAnswer, MockFaults } from "./create-mock-faults.js";
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
} from "./create-mock-state.js";
export type { MockCredentials } from "./mock-credentials.js";
export type { MockOptions, PublicApiFlavor } from "./mock-options.js";
export type { MockPrincipal } from "./mock-principal.js";
export { defaultMockSeed, type MockSeed, type MockSeedApiKey, type MockSeedServiceAccount, type MockSeedUser } from "./mock-seed.js";
export type { EnvelopeStatus } from "./shape-response.js";
