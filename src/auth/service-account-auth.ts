/**
 * Service-account authentication: OAuth 2.0 client credentials against Atlas's token
 * endpoint, a cached bearer token on every API request, and `revoke()`.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { bodyFields } from "../errors/atlas-api-error.js";
import { discard } from "../util/discard.js";
import { redactText, redactUrl, rememberSecret } from "../util/redact.js";
import { retryAfterMs } from "../fetch/retry-after-ms.js";
import { sendAuthorized } from "./send-authorized.js";
import { sleep } from "../util/sleep.js";
import { tokenCache, type Token, type TokenFetchReason, type TokenFetcher } from "./token-cache.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { AuthContext, AuthStrategy } from "../types/index.js";
import { jsonOrText } from "../util/json-or-text.js";

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
  /**
   * The longest wait before a token request is tried again; default 30 000 ms. A longer
   * `Retry-After` is not waited for: the call fails at once with a {@link TokenRequestError}
   * whose `retryAfterMs` says how long the endpoint asked to be left alone.
   */
  readonly maxRetryAfterMs?: number | undefined;
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

/** The `auth` log event's action and message once a token came, by why it was asked for. */
const RECEIVED: Record<TokenFetchReason, readonly [string, string]> = {
  initial: ["token-received", "service account token received"],
  expiring: ["token-renewed", "service account token renewed before it expired"],
  unauthorized: ["token-refreshed", "service account token refreshed after a 401"],
};

/**
 * Authenticates with a service account (OAuth 2.0 client credentials). One strategy
 * talks to one token endpoint: `tokenUrl`, or the origin of the first request any client
 * sends through it (so an Atlas for Government client asks `cloud.mongodbgov.com`).
 *
 * - one token request however many calls start at once; the token is cached and
 *   replaced `refreshMarginMs` before it expires (`expires_in`, else the JWT's `exp`);
 * - a 401 from the API drops the token, gets one new token and sends the request again once,
 *   when it blames the token: `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3.1),
 *   or any 401 to a token that was not itself fetched to replace a refused one. Atlas also
 *   answers 401 (`NOT_ORG_OWNER`, `USER_UNAUTHORIZED`) to a good token without rights, and
 *   renewing on each would spend the token endpoint's rate limit; so a chain of tokens is
 *   renewed on a bare 401 at most once (and still before it expires). Concurrent calls
 *   refused with the same token share one new token;
 * - a token endpoint answering 429/5xx (or not at all) is retried with backoff, honouring
 *   `Retry-After` up to `maxRetryAfterMs`, then the call fails with {@link TokenRequestError};
 *   400/401/403, and a `Retry-After` above `maxRetryAfterMs`, fail at once. An API request
 *   is never sent without a token.
 *
 * @example
 * const auth = serviceAccountAuth({ clientId, clientSecret });
 * const atlas = createAtlasClient({ auth });
 * // …
 * await auth.revoke();
 */
export function serviceAccountAuth(options: ServiceAccountAuthOptions): ServiceAccountAuth {
  const { clientId, clientSecret, now = Date.now, tokenRetries = 2, tokenRetryBaseMs = 500, maxRetryAfterMs = 30_000 } = options;
  // RFC 7617: the user-id of a Basic credential cannot contain a colon.
  if (!clientId || clientId.includes(":")) {
    throw new TypeError("serviceAccountAuth: clientId must be non-empty and contain no ':'");
  }
  if (!clientSecret) throw new TypeError("serviceAccountAuth: clientSecret must be non-empty");
  // Built by hand: Atlas refuses the form-encoded id (`_` as `%5F`) that RFC 6749 §2.3.1 asks for.
  const credentials = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
  // Masked by value wherever they come back (an error page echoing the form or the header).
  rememberSecret(clientSecret);
  rememberSecret(credentials);
  const cache = tokenCache({ refreshMarginMs: options.refreshMarginMs ?? 60_000, now });
  let tokenUrl: string | undefined;
  let lastContext: AuthContext | undefined;

  /** POSTs a form with the Basic header; no answer at all gives a `TokenRequestError` with status 0. */
  const post = async (context: AuthContext, url: string, body: string, signal?: AbortSignal): Promise<Response | TokenRequestError> => {
    const headers = {
      Authorization: `Basic ${credentials}`,
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      "User-Agent": context.userAgent,
    };
    try {
      return await context.fetch(new Request(url, { method: "POST", headers, body, signal: signal ?? null }));
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      return new TokenRequestError({ status: 0, url, cause });
    }
  };

  /** The error an answer that is no token ends in; a server that echoes what it was sent must not put a secret into it. */
  const refusal = async (response: Response | TokenRequestError, url: string, secrets: string[], retryAfterMs?: number): Promise<TokenRequestError> => {
    if (response instanceof TokenRequestError) return response;
    // Not JSON: the text is the detail.
    const { errorCode, detail, reason } = bodyFields(jsonOrText(redactText(await response.text().catch(() => ""), secrets)));
    return new TokenRequestError({ status: response.status, url, errorCode, detail, reason, retryAfterMs });
  };

  const fetchToken = (context: AuthContext, url: string): TokenFetcher => async (reason, signal) => {
    for (let attempt = 1; ; attempt++) {
      log(context, "token-requested", "requesting a service account token", { url, reason, attempt });
      const answer = await post(context, url, "grant_type=client_credentials", signal);
      if (answer instanceof Response && answer.ok) {
        const token = await readToken(answer, url, now);
        const expiresAt = token.expiresAt < Infinity ? new Date(token.expiresAt).toISOString() : undefined;
        log(context, ...RECEIVED[reason], { url, expiresAt });
        return token;
      }
      const { status } = answer;
      const retryAfter = answer instanceof Response ? retryAfterMs(answer.headers) : undefined;
      // A request sent before the endpoint's own `Retry-After` is over is certain to be refused again.
      if (attempt > tokenRetries || !(status === 0 || status === 429 || status >= 500) || (retryAfter ?? 0) > maxRetryAfterMs) {
        throw await refusal(answer, url, [clientSecret, credentials], retryAfter);
      }
      if (answer instanceof Response) discard(answer);
      // Exponential from `tokenRetryBaseMs`, with jitter so that many clients do not retry in step.
      const delayMs = Math.min(retryAfter ?? tokenRetryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2), maxRetryAfterMs);
      log(context, "backoff", "token endpoint unavailable: waiting before asking again", { url, attempt, status, delayMs });
      await sleep(delayMs, signal);
    }
  };

  return {
    type: "serviceAccount",
    wrap(context) {
      lastContext = context;
      return async (request) => {
        tokenUrl ??= options.tokenUrl ?? new URL("/api/oauth/token", request.url).href;
        const fetcher = fetchToken(context, tokenUrl);
        const replay = request.body === null ? request : request.clone(); // a 401 means sending again, body included
        const token = await cache.get(fetcher, request.signal);
        const response = await sendAuthorized(context.fetch, request, `Bearer ${token.value}`);
        // A 401 also refuses an authenticated caller without rights (NOT_ORG_OWNER): only
        // `invalid_token` (RFC 6750 §3.1) surely blames the token, so a replacement is not replaced on a bare 401.
        const invalid = /\berror\s*=\s*"?invalid_token\b/i.test(response.headers.get("www-authenticate") ?? "");
        if (response.status !== 401 || (token.reason === "unauthorized" && !invalid)) return response;
        discard(response);
        const { method, url } = request;
        log(context, "api-unauthorized", "the API answered 401: replacing the token and sending again", { method, url });
        const renewed = await cache.renew(token.value, fetcher, request.signal);
        return sendAuthorized(context.fetch, replay, `Bearer ${renewed.value}`);
      };
    },
    async revoke() {
      const token = cache.take();
      // A cached token implies a wrapped fetch has sent a request, so both are set.
      if (!token || !lastContext || !tokenUrl) return;
      const url = options.revokeUrl ?? new URL("/api/oauth/revoke", tokenUrl).href;
      const answer = await post(lastContext, url, `token=${encodeURIComponent(token.value)}&token_type_hint=access_token`);
      if (!(answer instanceof Response && answer.ok)) throw await refusal(answer, url, [clientSecret, credentials, token.value]);
      discard(answer);
      log(lastContext, "token-revoked", "service account token revoked", { url });
    },
  };
}

/** Reads the token and when it expires: `expires_in` seconds from now, else the JWT's `exp`, else never (a 401 will replace it). */
async function readToken(response: Response, url: string, now: () => number): Promise<Token> {
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const value = body?.["access_token"];
  if (typeof value === "string") rememberSecret(value);
  if (typeof value !== "string" || !value) {
    throw new TokenRequestError({ status: response.status, url, errorCode: "INVALID_TOKEN_RESPONSE", detail: "the answer carries no access_token" });
  }
  const expiresIn = body?.["expires_in"];
  const seconds = typeof expiresIn === "number" || (typeof expiresIn === "string" && expiresIn.trim()) ? Number(expiresIn) : Number.NaN;
  let exp: unknown;
  try {
    // The signature is the API's business, not checked here.
    exp = JSON.parse(Buffer.from(value.split(".")[1] ?? "", "base64url").toString()).exp;
  } catch {
    // Not a JWT.
  }
  const expiresAt = Number.isFinite(seconds) ? now() + seconds * 1000 : typeof exp === "number" ? exp * 1000 : Number.NaN;
  return { value, expiresAt: Number.isFinite(expiresAt) ? expiresAt : Infinity };
}

/** Every `url` of an event goes through the same redaction as the API's URLs: a `tokenUrl` may carry userinfo or a secret parameter. */
function log(context: AuthContext, action: string, message: string, fields: Record<string, unknown>): void {
  const { url } = fields;
  context.logger?.debug?.({ ...fields, ...(typeof url === "string" ? { url: redactUrl(url) } : {}), event: "auth", action, message });
}
