/**
 * atlas-admin-client: typed openapi-fetch clients for the MongoDB Atlas Administration API
 * (v2 and v1.0), the Cloud Manager public API and the Ops Manager public API — organizations,
 * organization service accounts and teams — with HTTP Digest and service-account auth,
 * versioned media types, envelopes, safe retries, pagination and checks before sending.
 *
 * @packageDocumentation
 */
export { createAtlasClient, type AtlasClient, type AtlasPaths } from "./client/create-atlas-client.js";
export { createCloudManagerClient, type CloudManagerClient, type CloudManagerPaths } from "./client/create-cloud-manager-client.js";
export { createOpsManagerClient, type OpsManagerClient, type OpsManagerPaths } from "./client/create-ops-manager-client.js";
export type { ClientOptions } from "./client/create-surface-client.js";
export { digestAuth, type DigestAuthOptions } from "./auth/digest-auth.js";
export { DigestChallengeError } from "./auth/digest-challenge.js";
export { serviceAccountAuth, type ServiceAccountAuth, type ServiceAccountAuthOptions } from "./auth/service-account-auth.js";
export { TokenRequestError, type TokenRequestErrorInit } from "./errors/token-request-error.js";
export { AtlasApiError, type AtlasApiErrorContext, type BodyFields, type AtlasApiErrorInit, type BadRequestDetail, type BadRequestField } from "./errors/atlas-api-error.js";
export { AtlasConnectionError, type AtlasConnectionErrorInit, type ConnectionErrorKind } from "./errors/atlas-connection-error.js";
export { AtlasValidationError } from "./errors/atlas-validation-error.js";
export type { SchemaIssue } from "./operations/check-schema.js";
export { isAtlasApiError } from "./errors/is-atlas-api-error.js";
export type { ErrorCode, KnownErrorCode } from "./errors/error-codes.js";
export { unwrap, type CallResult, type Unwrapped } from "./client/unwrap.js";
export { paginate, MAX_ITEMS_PER_PAGE, type GetOperation, type ListPaths, type OkContent, type PageItem, type PaginateInit, type RequiredKeys } from "./client/paginate.js";
export type { RetryOptions } from "./fetch/with-retry.js";
export type { RateLimitOptions } from "./fetch/with-rate-limit.js";
export { RateLimitError, type RateLimitErrorInit } from "./errors/rate-limit-error.js";
export type { AuthStrategy, AuthContext, FetchLike, Logger, LogEvent } from "./types/index.js";
export { VERSION, userAgent } from "./client/user-agent.js";
export { operations, type OperationInfo, type OperationVersion, type RequestSchema, type Surface } from "../generated/operations.js";
export type { components as AtlasComponents } from "../generated/atlas.js";
export type { components as CloudManagerComponents } from "../generated/cloud-manager.js";
export type { components as OpsManagerComponents } from "../generated/ops-manager.js";
