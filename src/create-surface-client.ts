import createClient, { type Client, type Middleware, createQuerySerializer } from "openapi-fetch";
import type { Surface } from "../generated/operations.js";
import { AtlasConnectionError } from "./atlas-connection-error.js";
import { callInfoMiddleware } from "./call-info-middleware.js";
import { envelopeMiddleware } from "./envelope-middleware.js";
import { errorBodyMiddleware } from "./error-body-middleware.js";
import { withRetry, type RetryOptions } from "./retry.js";
import { withTimeout } from "./timeout.js";
import type { AuthStrategy, FetchLike, Logger } from "./types.js";
import { userAgent } from "./user-agent.js";
import { validateRequestMiddleware } from "./validate-request-middleware.js";
import { versionMiddleware } from "./version-middleware.js";
import { withRequestLog } from "./with-request-log.js";

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
  /** Deadline per attempt in milliseconds (default: none). */
  timeoutMs?: number;
  /** Ask for `?envelope=true` answers and unwrap them; `data` and `error` keep their types. */
  envelope?: boolean;
  /** Media-type version per operationId, e.g. `{ listOrgTeamUsers: "2023-01-01" }` (v2 only). */
  versions?: Readonly<Record<string, string>>;
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
 * (request checks, versions, envelope, error bodies) above, and below it a fetch that may
 * send again (retry → timeout → auth → request log → transport).
 */
export function createSurfaceClient<Paths extends {}>(defaults: SurfaceDefaults, options: ClientOptions = {}): Client<Paths> {
  const baseUrl = checkBaseUrl(defaults, options.baseUrl ?? defaults.baseUrl);
  const agent = userAgent(options.userAgent);
  const client = createClient<Paths>({
    baseUrl,
    fetch: buildFetch(options, agent),
    headers: { "User-Agent": agent },
    ...(options.envelope ? { querySerializer: envelopeQuerySerializer() } : {}),
  });
  const middleware: Middleware[] = [
    callInfoMiddleware(defaults.surfaces),
    errorBodyMiddleware(),
    ...(options.envelope ? [envelopeMiddleware()] : []),
    versionMiddleware({ surfaces: defaults.surfaces, versions: options.versions, logger: options.logger }),
    validateRequestMiddleware({ surfaces: defaults.surfaces, checkBodies: options.checkBodies }),
  ];
  client.use(...middleware);
  return client;
}

function buildFetch(options: ClientOptions, agent: string): FetchLike {
  const userFetch = options.fetch;
  const transport: FetchLike = userFetch ?? ((request) => globalThis.fetch(request));
  const logged = withRequestLog(transport, options.logger);
  const authed = options.auth ? options.auth.wrap({ fetch: logged, userAgent: agent, logger: options.logger }) : logged;
  const timed = withTimeout(authed, options.timeoutMs);
  const retried = options.retry === false ? timed : withRetry(timed, { ...options.retry, logger: options.logger });
  return async (request) => {
    try {
      return await retried(request);
    } catch (error) {
      throw asClientError(error, request);
    }
  };
}

// Errors this package defines pass through; what fetch itself throws means "no answer".
function asClientError(error: unknown, request: Request): unknown {
  const noAnswer =
    !(error instanceof Error) ||
    error instanceof TypeError ||
    error instanceof DOMException ||
    error.constructor === Error;
  if (!noAnswer) return error;
  return new AtlasConnectionError({
    kind: request.signal.aborted ? "abort" : "network",
    method: request.method,
    url: request.url,
    cause: error,
  });
}

function checkBaseUrl(defaults: SurfaceDefaults, baseUrl: string | undefined): string {
  if (!baseUrl) {
    throw new TypeError(`${defaults.name}: options.baseUrl is required (for example https://opsmanager.example.com:8080)`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`${defaults.name}: options.baseUrl must be an absolute http(s) URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`${defaults.name}: options.baseUrl must use http or https`);
  }
  if (url.username || url.password) {
    throw new TypeError(`${defaults.name}: options.baseUrl must not hold credentials; use options.auth`);
  }
  return url.href.replace(/\/+$/, "");
}

// Every URL of the client gains envelope=true; the user's own query comes first, serialized as openapi-fetch does.
function envelopeQuerySerializer(): (query: Record<string, unknown>) => string {
  const serialize = createQuerySerializer();
  return (query) => {
    const own = serialize(query);
    return own ? `${own}&envelope=true` : "envelope=true";
  };
}
