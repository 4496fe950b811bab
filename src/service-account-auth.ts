/**
 * Service-account authentication: OAuth 2.0 client credentials against Atlas's token
 * endpoint, a cached bearer token on every API request, and `revoke()`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { TokenCache, type Token, type TokenFetchReason, type TokenFetcher } from "./token-cache.js";
import { TokenRequestError } from "./token-request-error.js";
import type { AuthContext, AuthStrategy, FetchLike } from "./types.js";

/** Options of {@link serviceAccountAuth}. */
export interface ServiceAccountAuthOptions {
  /** The service account's client id (`mdb_sa_id_…`). */
  readonly clientId: string;
  /** The service account's secret (`mdb_sa_sk_…`). Never logged, never in an error. */
  readonly clientSecret: string;
  /** Token endpoint; default `{origin of the first request}/api/oauth/token`. */
  readonly tokenUrl?: string | undefined;
  /** Revoke endpoint; default `{origin of the token URL}/api/oauth/revoke`. */
  readonly revokeUrl?: string | undefined;
  /** How long before it expires a token is replaced; default 60 000 ms. */
  readonly refreshMarginMs?: number | undefined;
  /** How often a token request answered with 429, 5xx or no answer is tried again; default 2. */
  readonly tokenRetries?: number | undefined;
  /** First backoff delay when no `Retry-After` came; doubles per retry, with jitter; default 500 ms. */
  readonly tokenRetryBaseMs?: number | undefined;
  /** The clock (ms since the epoch); for tests. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** A service-account {@link AuthStrategy} that can also revoke its token. */
export interface ServiceAccountAuth extends AuthStrategy {
  /** Always `"serviceAccount"`. */
  readonly type: "serviceAccount";
  /**
   * Revokes the cached token (through the `fetch` and `User-Agent` of the last wrapped
   * client) and forgets it, even when the endpoint refuses; the next call gets a new one.
   * Does nothing when no token is cached. Rejects with {@link TokenRequestError}.
   */
  revoke(): Promise<void>;
}

interface Settings {
  readonly authorization: string;
  readonly secrets: readonly string[];
  readonly tokenRetries: number;
  readonly tokenRetryBaseMs: number;
  readonly now: () => number;
}

interface Endpoints {
  readonly tokenUrl: string;
  readonly revokeUrl: string;
}

/** Longest wait before a token request is tried again, whatever `Retry-After` says. */
const MAX_WAIT_MS = 30_000;
/** How much of a non-JSON error body goes into an error's `detail`. */
const DETAIL_LENGTH = 200;

/**
 * Authenticates with a service account (OAuth 2.0 client credentials). One strategy
 * talks to one token endpoint: `tokenUrl`, or the origin of the first request any client
 * sends through it (so an Atlas for Government client asks `cloud.mongodbgov.com`).
 *
 * - one token request however many calls start at once; the token is cached and
 *   replaced `refreshMarginMs` before it expires (`expires_in`, else the JWT's `exp`);
 * - a 401 from the API drops the token, gets one new token and sends the request again once;
 * - a token endpoint answering 429/5xx (or not at all) is retried with backoff, honouring
 *   `Retry-After`, then the call fails with {@link TokenRequestError}; 400/401/403 fail at
 *   once. An API request is never sent without a token.
 *
 * @example
 * const auth = serviceAccountAuth({ clientId, clientSecret });
 * const atlas = createAtlasClient({ auth });
 * // …
 * await auth.revoke();
 */
export function serviceAccountAuth(options: ServiceAccountAuthOptions): ServiceAccountAuth {
  const settings = settingsOf(options);
  const cache = new TokenCache({ refreshMarginMs: options.refreshMarginMs ?? 60_000, now: settings.now });
  let endpoints: Endpoints | undefined;
  let lastContext: AuthContext | undefined;
  return {
    type: "serviceAccount",
    wrap(context: AuthContext): FetchLike {
      lastContext = context;
      return (request) => {
        endpoints ??= endpointsOf(options, request.url);
        const fetchToken = tokenFetcher(context, settings, endpoints.tokenUrl);
        return sendWithToken(request, context, cache, fetchToken);
      };
    },
    async revoke(): Promise<void> {
      const token = cache.take();
      // A cached token implies a wrapped fetch has sent a request, so both are set.
      if (token === undefined || lastContext === undefined || endpoints === undefined) return;
      await revokeToken(lastContext, settings, endpoints.revokeUrl, token.value);
    },
  };
}

function settingsOf(options: ServiceAccountAuthOptions): Settings {
  const { clientId, clientSecret } = options;
  // RFC 7617: the user-id of a Basic credential cannot contain a colon.
  if (clientId === "" || clientId.includes(":")) {
    throw new TypeError("serviceAccountAuth: clientId must be non-empty and contain no ':'");
  }
  if (clientSecret === "") throw new TypeError("serviceAccountAuth: clientSecret must be non-empty");
  // Built by hand: Atlas refuses the form-encoded id (`_` as `%5F`) that RFC 6749 §2.3.1 asks for.
  const credentials = Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64");
  return {
    authorization: `Basic ${credentials}`,
    secrets: [clientSecret, credentials],
    tokenRetries: options.tokenRetries ?? 2,
    tokenRetryBaseMs: options.tokenRetryBaseMs ?? 500,
    now: options.now ?? Date.now,
  };
}

function endpointsOf(options: ServiceAccountAuthOptions, requestUrl: string): Endpoints {
  const tokenUrl = options.tokenUrl ?? new URL("/api/oauth/token", requestUrl).href;
  return { tokenUrl, revokeUrl: options.revokeUrl ?? new URL("/api/oauth/revoke", tokenUrl).href };
}

async function sendWithToken(
  request: Request,
  context: AuthContext,
  cache: TokenCache,
  fetchToken: TokenFetcher,
): Promise<Response> {
  const replay = request.clone(); // a 401 means sending again, body included
  const token = await cache.get(fetchToken, request.signal);
  const response = await context.fetch(withBearer(request, token.value));
  if (response.status !== 401) return response;
  discard(response);
  log(context, "api-unauthorized", "the API answered 401: replacing the token and sending again", {
    method: request.method,
    url: request.url,
  });
  const renewed = await cache.renew(token.value, fetchToken, request.signal);
  return context.fetch(withBearer(replay, renewed.value));
}

/**
 * Frees the connection of an answer that is not passed on. Not awaited: some transports
 * (msw's interceptor) never settle `cancel()`.
 */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function withBearer(request: Request, token: string): Request {
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(request, { headers });
}

function tokenFetcher(context: AuthContext, settings: Settings, url: string): TokenFetcher {
  return async (reason, signal) => {
    const token = await requestToken(context, settings, url, reason, signal);
    const expiresAt = Number.isFinite(token.expiresAt) ? new Date(token.expiresAt).toISOString() : undefined;
    const [action, message] = RECEIVED[reason];
    log(context, action, message, { url, expiresAt });
    return token;
  };
}

const RECEIVED: Record<TokenFetchReason, readonly [string, string]> = {
  initial: ["token-received", "service account token received"],
  expiring: ["token-renewed", "service account token renewed before it expired"],
  unauthorized: ["token-refreshed", "service account token refreshed after a 401"],
};

async function requestToken(
  context: AuthContext,
  settings: Settings,
  url: string,
  reason: TokenFetchReason,
  signal: AbortSignal,
): Promise<Token> {
  for (let attempt = 1; ; attempt += 1) {
    log(context, "token-requested", "requesting a service account token", { url, reason, attempt });
    const answer = await postForm(context, settings, url, "grant_type=client_credentials", signal);
    if (!(answer instanceof TokenRequestError) && answer.ok) return readToken(answer, url, settings.now);
    const retryable = answer instanceof TokenRequestError || answer.status === 429 || answer.status >= 500;
    if (!retryable || attempt > settings.tokenRetries) {
      throw answer instanceof TokenRequestError ? answer : await errorOf(answer, url, settings.secrets);
    }
    const delayMs = delayBeforeRetry(answer, attempt, settings);
    log(context, "backoff", "token endpoint unavailable: waiting before asking again", {
      url,
      attempt,
      status: answer instanceof TokenRequestError ? 0 : answer.status,
      delayMs,
    });
    await sleep(delayMs, signal);
  }
}

/** POSTs a form with the Basic header; no answer at all becomes a `TokenRequestError` with status 0. */
async function postForm(
  context: AuthContext,
  settings: Settings,
  url: string,
  body: string,
  signal?: AbortSignal,
): Promise<Response | TokenRequestError> {
  const headers = {
    Authorization: settings.authorization,
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
    "User-Agent": context.userAgent,
  };
  try {
    return await context.fetch(new Request(url, { method: "POST", headers, body, signal: signal ?? null }));
  } catch (cause) {
    if (signal?.aborted === true) throw signal.reason;
    return new TokenRequestError({ status: 0, url, cause });
  }
}

async function readToken(response: Response, url: string, now: () => number): Promise<Token> {
  const body = asRecord(await response.json().catch(() => undefined));
  const value = body?.["access_token"];
  if (typeof value !== "string" || value === "") {
    throw new TokenRequestError({
      status: response.status,
      url,
      errorCode: "INVALID_TOKEN_RESPONSE",
      detail: "the answer carries no access_token",
    });
  }
  return { value, expiresAt: expiryOf(body?.["expires_in"], value, now) };
}

/** `expires_in` seconds from now; else the JWT's `exp`; else never (a 401 will replace it). */
function expiryOf(expiresIn: unknown, token: string, now: () => number): number {
  const seconds = typeof expiresIn === "string" && expiresIn.trim() !== "" ? Number(expiresIn) : expiresIn;
  if (typeof seconds === "number" && Number.isFinite(seconds)) return now() + seconds * 1000;
  return jwtExpiry(token) ?? Number.POSITIVE_INFINITY;
}

/** Reads `exp` from a JWT's payload. The signature is the API's business, not checked here. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const exp = asRecord(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")))?.["exp"];
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

async function errorOf(response: Response, url: string, secrets: readonly string[]): Promise<TokenRequestError> {
  const text = mask(await response.text().catch(() => ""), secrets);
  const body = asRecord(parseJson(text));
  const field = (name: string): string | undefined => {
    const value = body?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  return new TokenRequestError({
    status: response.status,
    url,
    errorCode: field("errorCode") ?? field("error"),
    detail: body === undefined ? shorten(text) : (field("detail") ?? field("error_description")),
    reason: field("reason"),
  });
}

/** A server that echoes what it was sent must not put a secret into an error. */
function mask(text: string, secrets: readonly string[]): string {
  return secrets.reduce((masked, secret) => masked.replaceAll(secret, "***"), text);
}

function shorten(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return trimmed.length > DETAIL_LENGTH ? `${trimmed.slice(0, DETAIL_LENGTH)}…` : trimmed;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function delayBeforeRetry(
  answer: Response | TokenRequestError,
  attempt: number,
  settings: Settings,
): number {
  if (answer instanceof TokenRequestError) return backoffMs(attempt, settings.tokenRetryBaseMs);
  discard(answer);
  return retryAfterMs(answer.headers.get("Retry-After"), settings.now) ?? backoffMs(attempt, settings.tokenRetryBaseMs);
}

/** `Retry-After` as delay-seconds or an HTTP-date, capped at {@link MAX_WAIT_MS}. */
function retryAfterMs(header: string | null, now: () => number): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === "") return undefined;
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now();
  return Number.isNaN(ms) ? undefined : Math.min(Math.max(ms, 0), MAX_WAIT_MS);
}

/** Exponential from `baseMs`, with jitter so that many clients do not retry in step. */
function backoffMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_WAIT_MS) * (0.5 + Math.random() / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

async function revokeToken(context: AuthContext, settings: Settings, url: string, token: string): Promise<void> {
  const body = `token=${encodeURIComponent(token)}&token_type_hint=access_token`;
  const answer = await postForm(context, settings, url, body);
  if (answer instanceof TokenRequestError) throw answer;
  if (!answer.ok) throw await errorOf(answer, url, [...settings.secrets, token]);
  discard(answer);
  log(context, "token-revoked", "service account token revoked", { url });
}

function log(context: AuthContext, action: string, message: string, fields: Record<string, unknown>): void {
  context.logger?.debug?.({ ...fields, event: "auth", action, message });
}
