/**
 * `atlas-admin-client/mock`: a faithful in-memory stand-in for the Atlas, Cloud Manager and
 * Ops Manager administration APIs, as msw handlers or a local HTTP server.
 *
 * @module
 */
export { createAtlasMock, type AtlasMock, type AtlasMockOptions } from "./create-atlas-mock.js";
export { startMockServer, type MockServer, type MockServerOptions } from "./start-mock-server.js";
export { createMockCore, type MockCore } from "./create-mock-core.js";
export { DroppedConnection } from "./dropped-connection.js";
export type { FailureAnswer, MockFaults } from "./create-mock-faults.js";
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
