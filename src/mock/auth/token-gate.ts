/**
 * The mock's OAuth 2.0 client-credentials side for service accounts: the token and revoke
 * endpoints (RFC 6749 §4.4, RFC 7009) and the Bearer check on API calls (RFC 6750).
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { apiErrorResponse } from "../core/api-error-response.js";
import type { GateResult, MockPrincipal } from "./mock-principal.js";

/** How {@link createTokenGate} behaves. */
export interface TokenGateOptions {
  /** Checks a client id and secret; returns the principal when they match a live secret. */
  verifyClient(clientId: string, clientSecret: string): MockPrincipal | undefined;
  /** Token lifetime in seconds (default 3600). */
  lifetimeSeconds?: number;
  /** Token endpoint rate limit per client id (default { limit: 10, windowMs: 60_000 }); false turns it off. */
  rateLimit?: { limit: number; windowMs: number } | false;
  /** Clock, for tests. */
  now?: () => number;
}

/** The service-account endpoints and the Bearer check the mock runs. */
export interface TokenGate {
  /** POST /api/oauth/token */
  token(request: Request): Promise<Response>;
  /** POST /api/oauth/revoke */
  revoke(request: Request): Promise<Response>;
  /** Checks `Authorization: Bearer …` on an API call. */
  authenticate(request: Request): Promise<GateResult>;
  /** Forget every token of a client (its secret or account was deleted). */
  revokeClient(clientId: string): void;
  /** Forget every token and every spent rate limit, as a fresh start would. */
  reset(): void;
}

interface IssuedToken {
  readonly clientId: string;
  readonly principal: MockPrincipal;
  /** The `exp` claim, in seconds. */
  readonly exp: number;
}

interface Client {
  readonly clientId: string;
  readonly principal: MockPrincipal;
}

type RateLimitHeaders = Record<string, string>;

const FORM = "application/x-www-form-urlencoded";
const NOT_AUTHORIZED = "You are not authorized for this resource.";

/** Creates the token gate; tokens live in memory until they expire or are revoked. */
export function createTokenGate(options: TokenGateOptions): TokenGate {
  const lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const now = options.now ?? Date.now;
  const limiter = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? { limit: 10, windowMs: 60_000 }, now);
  const tokens = new Map<string, IssuedToken>();

  function issue(client: Client): { token: string; exp: number } {
    forgetExpiredTokens();
    const iat = Math.floor(now() / 1000);
    const exp = iat + lifetimeSeconds;
    const token = jwtShapedToken({ sub: client.clientId, iat, exp, jti: randomBytes(16).toString("hex") });
    tokens.set(token, { ...client, exp });
    return { token, exp };
  }

  function forgetExpiredTokens(): void {
    for (const [token, issued] of tokens) if (isExpired(issued)) tokens.delete(token);
  }

  function isExpired(issued: IssuedToken): boolean {
    return now() >= issued.exp * 1000;
  }

  async function token(request: Request): Promise<Response> {
    const form = await readForm(request);
    if (!form) return oauthError(400, "invalid_request");
    const grantType = form.get("grant_type");
    if (grantType === null) return oauthError(400, "invalid_request");
    if (grantType !== "client_credentials") return oauthError(400, "unsupported_grant_type");
    const basic = readBasic(request);
    if (!basic) return oauthError(401, "invalid_client");
    const limit = limiter?.take(basic.clientId);
    if (limit && "response" in limit) return limit.response;
    const principal = options.verifyClient(basic.clientId, basic.clientSecret);
    if (!principal) return oauthError(401, "invalid_client", limit?.headers);
    const issued = issue({ clientId: basic.clientId, principal });
    return json(200, { access_token: issued.token, token_type: "Bearer", expires_in: lifetimeSeconds }, limit?.headers);
  }

  async function revoke(request: Request): Promise<Response> {
    const form = await readForm(request);
    const revoked = form?.get("token");
    if (!revoked) return oauthError(400, "invalid_request");
    const basic = readBasic(request);
    if (!basic || !options.verifyClient(basic.clientId, basic.clientSecret)) return oauthError(401, "invalid_client");
    // RFC 7009 §2.2: a token that is unknown or someone else's still gets 200, so the
    // answer tells nobody whether the token exists.
    if (tokens.get(revoked)?.clientId === basic.clientId) tokens.delete(revoked);
    return json(200, {});
  }

  async function authenticate(request: Request): Promise<GateResult> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("Authorization") ?? "")?.[1];
    const issued = bearer === undefined ? undefined : tokens.get(bearer);
    if (bearer === undefined || !issued) return { response: unauthorized(NOT_AUTHORIZED, "Bearer") };
    if (isExpired(issued)) {
      tokens.delete(bearer);
      const challenge = 'Bearer error="invalid_token", error_description="The access token expired"';
      return { response: unauthorized("The access token has expired.", challenge) };
    }
    return { principal: issued.principal };
  }

  function revokeClient(clientId: string): void {
    for (const [token, issued] of tokens) if (issued.clientId === clientId) tokens.delete(token);
  }

  function reset(): void {
    tokens.clear();
    limiter?.reset();
  }

  return { token, revoke, authenticate, revokeClient, reset };
}

/**
 * A sliding window per client id. A refused request is not counted, so the window frees
 * exactly when `Retry-After` says.
 */
function createRateLimiter(rule: { limit: number; windowMs: number }, now: () => number) {
  const seen = new Map<string, number[]>();

  function forgetOld(at: number): void {
    for (const [clientId, times] of seen) {
      const recent = times.filter((time) => at - time < rule.windowMs);
      if (recent.length === 0) seen.delete(clientId);
      else seen.set(clientId, recent);
    }
  }

  function take(clientId: string): { headers: RateLimitHeaders } | { response: Response } {
    const at = now();
    forgetOld(at);
    const times = seen.get(clientId) ?? [];
    const oldest = times[0];
    if (oldest !== undefined && times.length >= rule.limit) {
      const retryAfter = Math.max(1, Math.ceil((oldest + rule.windowMs - at) / 1000));
      const headers = { "Retry-After": String(retryAfter), "RateLimit-Limit": String(rule.limit), "RateLimit-Remaining": "0" };
      return { response: apiErrorResponse(429, "RATE_LIMITED", "Too many token requests; try again later.", { headers }) };
    }
    seen.set(clientId, [...times, at]);
    return { headers: { "RateLimit-Limit": String(rule.limit), "RateLimit-Remaining": String(rule.limit - times.length - 1) } };
  }

  return { take, reset: () => seen.clear() };
}

/** `header.payload.signature`, base64url; the signature is random bytes of ES512's length, never checked. */
function jwtShapedToken(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  return `${part({ alg: "ES512", typ: "JWT" })}.${part(payload)}.${randomBytes(132).toString("base64url")}`;
}

async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  const mediaType = request.headers.get("Content-Type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== FORM) return undefined;
  return new URLSearchParams(await request.text());
}

/**
 * The id and secret are taken as sent, not form-decoded: Atlas refuses `%5F` for `_`,
 * so the mock must not accept what Atlas would not.
 */
function readBasic(request: Request): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(request.headers.get("Authorization") ?? "")?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function oauthError(status: number, error: string, headers: RateLimitHeaders = {}): Response {
  // RFC 6749 §5.2: a failed Basic client authentication answers 401 with a Basic challenge.
  const challenge: RateLimitHeaders = status === 401 ? { "WWW-Authenticate": 'Basic realm="MMS Public API"' } : {};
  return json(status, { error }, { ...headers, ...challenge });
}

function json(status: number, body: unknown, headers: RateLimitHeaders = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "Content-Type": "application/json", "Cache-Control": "no-store", Pragma: "no-cache" },
  });
}

function unauthorized(detail: string, challenge: string): Response {
  return apiErrorResponse(401, "UNAUTHORIZED", detail, { headers: { "WWW-Authenticate": challenge } });
}
