import createClient, { type Client, createQuerySerializer } from "openapi-fetch";
import type { OperationVersions, Surface } from "../../generated/operations.js";
import { connectionError } from "../fetch/connection-error.js";
import { callInfoMiddleware } from "../middleware/call-info.js";
import { errorBodyMiddleware } from "../middleware/error-body-middleware.js";
import { withEnvelope } from "../fetch/with-envelope.js";
import { withRateLimit, type RateLimitOptions } from "../fetch/with-rate-limit.js";
import { DEFAULT_RETRY_ON, withRetry, type RetryOptions } from "../fetch/with-retry.js";
import { withTimeout } from "../fetch/with-timeout.js";
import { withBufferedBody } from "../fetch/with-buffered-body.js";
import type { AuthStrategy, FetchLike, Logger } from "../types/index.js";
import { userAgent } from "./user-agent.js";
import { validateRequestMiddleware } from "../middleware/validate-request-middleware.js";
import { versionMiddleware } from "../middleware/version-middleware.js";
import { withRequestLog } from "../fetch/with-request-log.js";

/** Options every client factory takes. */
export interface ClientOptions {
  /** Where the API is: `https://cloud.mongodb.com` by default on Atlas and Cloud Manager; `https://cloud.mongodbgov.com` for Atlas for Government; required for Ops Manager. */
  baseUrl?: string;
  /** `digestAuth({ publicKey, privateKey })` or `serviceAccountAuth({ clientId, clientSecret })`. Without it, requests go out unauthenticated. */
  auth?: AuthStrategy;
  /** The transport. By default `globalThis.fetch`, looked up on every request, so a test's msw started after the client is built still intercepts. */
  fetch?: FetchLike;
  /** Appended to the default `User-Agent` (package, version, runtime). */
  userAgent?: string;
  /** Retry options, or `false` to send each request once. */
  retry?: RetryOptions | false;
  /** Pacing under the API's rate limits (on by default; see the README's "Rate limits"), or `false` to leave a 429 to the retries alone. */
  rateLimit?: RateLimitOptions | false;
  /** Deadline per attempt in milliseconds, from sending to the last byte of the answer's body (default: none). */
  timeoutMs?: number;
  /** Ask for `?envelope=true` answers on every call (a call may also pass `envelope: true` in its query); they are unwrapped, so `data` and `error` keep their types. */
  envelope?: boolean;
  /** Media-type version per operationId, e.g. `{ listOrgTeamUsers: "2023-01-01" }` (v2 only; both names and versions are checked by the compiler). */
  versions?: { readonly [K in keyof OperationVersions]?: OperationVersions[K] };
  /** Receives structured debug events and deprecation warnings; secrets are masked. */
  logger?: Logger;
  /** Check request bodies against the spec before sending (default true). Path parameters are always checked. */
  checkBodies?: boolean;
}

/** What a surface's factory fixes: the surfaces it speaks and its default base URL. */
export interface SurfaceDefaults {
  readonly name: string;
  readonly surfaces: readonly Surface[];
  readonly baseUrl?: string;
}

/**
 * Builds an openapi-fetch client for one API surface: middleware that needs the schema path
 * (request checks, versions, error bodies) above, and below it a fetch that may wait and
 * send again (rate limit → retry → timeout → auth → envelope → request log → transport).
 */
export function createSurfaceClient<Paths extends {}>(defaults: SurfaceDefaults, options: ClientOptions = {}): Client<Paths> {
  const { name, surfaces } = defaults;
  const { auth, logger, envelope, retry, rateLimit } = options;
  const baseUrl = options.baseUrl ?? defaults.baseUrl;
  const fail = (problem: string): never => {
    throw new TypeError(`${name}: options.baseUrl ${problem}`);
  };
  const url = baseUrl
    ? (URL.parse(baseUrl) ?? fail("must be an absolute http(s) URL"))
    : fail("is required (for example https://opsmanager.example.com:8080)");
  if (!/^https?:$/.test(url.protocol)) fail("must use http or https");
  if (url.username || url.password) fail("must not hold credentials; use options.auth");

  const agent = userAgent(options.userAgent);
  const logged = withRequestLog(options.fetch ?? ((request) => globalThis.fetch(request)), logger);
  // Unwrapped below auth and retry, so an enveloped 401 challenge or 503 is seen as one.
  const unwrapped = withEnvelope(logged);
  // The body is read under the deadline and the retry layer, never later by openapi-fetch.
  const timed = withTimeout(withBufferedBody(auth ? auth.wrap({ fetch: unwrapped, userAgent: agent, logger }) : unwrapped), options.timeoutMs);
  // With pacing on, a 429 is the rate-limit layer's alone (it pauses the bucket); retries keep 5xx and connection failures.
  const retryOn = rateLimit === false ? undefined : ((retry && retry.retryOn) || DEFAULT_RETRY_ON).filter((status) => status !== 429);
  const retried = retry === false ? timed : withRetry(timed, { ...retry, ...(retryOn && { retryOn }), logger });
  const paced = rateLimit === false ? retried : withRateLimit(retried, { ...rateLimit, logger });
  const serialize = createQuerySerializer();
  const client = createClient<Paths>({
    baseUrl: url.href,
    headers: { "User-Agent": agent },
    // Every URL gains envelope=true after the user's own query (unless the call chose), serialized as openapi-fetch does.
    querySerializer: (query) => [serialize(query), ...(envelope && query["envelope"] === undefined ? ["envelope=true"] : [])].filter(Boolean).join("&"),
    async fetch(request) {
      try {
        return await paced(request);
      } catch (error) {
        throw connectionError(error, request);
      }
    },
  });
  client.use(
    callInfoMiddleware(),
    errorBodyMiddleware(),
    validateRequestMiddleware({ surfaces, checkBodies: options.checkBodies }),
    versionMiddleware({ versions: options.versions, logger }),
  );
  return client;
}
