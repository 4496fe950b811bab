/**
 * `atlas-admin-client/mock`: a faithful in-memory stand-in for the Atlas, Cloud Manager and
 * Ops Manager administration APIs, as msw handlers or a local HTTP server. Loading it
 * loads msw; without msw installed, import `atlas-admin-client/mock/server` instead.
 *
 * @module
 */
export { createAtlasMock, type AtlasMock, type AtlasMockOptions } from "./adapters/create-atlas-mock.js";
export * from "./server.js";
