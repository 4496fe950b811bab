/**
 * Retries that never create twice. No Atlas create call takes an idempotency key, so a
 * POST or PATCH is sent again only when the server certainly did not act on it: it
 * answered 429, or the connection was never made. GET, HEAD, PUT, DELETE and OPTIONS are
 * also retried on 502/503/504, on a reset or dropped connection and on a timeout.
 *
 * @module
 */

import { AtlasConnectionError } from "./atlas-connection-error.js";
import { redactUrl } from "./redact.js";
import { operationOfRequest } from "./request-operation.js";
import { TokenRequestError } from "./token-request-error.js";
import type { FetchLike, Logger } from "./types.js";

/** How {@link withRetry} retries. `retry: false` on a client means: not wrapped at all. */
export interface RetryOptions {
  /** How many times a request may be sent again after the first attempt. Default 3. */
  readonly retries?: number;
  /** The first backoff ceiling; each retry doubles it (full jitter below it). Default 500. */
  readonly baseDelayMs?: number;
  /** The largest backoff. Default 8000. */
  readonly maxDelayMs?: number;
  /**
   * The longest `Retry-After` waited for. A longer one is not waited for: the answer
   * (a 429 or 503) is returned as it is. Default 60000.
   */
  readonly maxRetryAfterMs?: number;
  /**
   * The statuses retried. Default `[429, 502, 503, 504]`. Whatever is listed, a 4xx other
   * than 429 is never retried, and a 5xx only for an idempotent method.
   */
  readonly retryOn?: readonly number[];
}

/** {@link RetryOptions} plus where `retry` events go. */
export interface WithRetryOptions extends RetryOptions {
  readonly logger?: Logger | undefined;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Retry safety from the operations table; by method for a request the table does not know. */
function isIdempotent(request: Request): boolean {
  return operationOfRequest(request)?.retrySafe ?? IDEMPOTENT.has(request.method);
}

/** Network failures worth another try for an idempotent request. */
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Failures that happen before a connection exists, so no byte of the request was sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);

/** Codes that mean "no answer" even when not worth retrying; other coded errors are not ours. */
const NETWORK_CODES = new Set([...TRANSIENT_CODES, "ENOTFOUND"]);

/** What `fetch` implementations say when the connection failed (undici, msw, browsers). */
const FETCH_FAILURE =
  /^(fetch failed|failed to fetch|networkerror when attempting to fetch resource\.?|load failed)$/i;

/**
 * Wraps `next` so that requests are sent again when that is both useful and safe.
 *
 * - Every attempt sends a clone of the untouched original, so a body goes out intact
 *   each time and middleware above can still read the request afterwards.
 * - `Retry-After` (seconds or an HTTP date) or `retry-after-ms` is waited for up to
 *   `maxRetryAfterMs`; otherwise the wait is `baseDelayMs · 2ⁿ` with full jitter, at most
 *   `maxDelayMs`.
 * - The request's `signal` ends a wait at once: the promise rejects with its reason.
 * - When the last attempt got an answer, that answer is returned. When it got none, an
 *   {@link AtlasConnectionError} says how many attempts were made. Other errors (auth
 *   failures, the caller's abort) pass through unchanged.
 *
 * @param next - the fetch below (timeout, auth, transport).
 * @param options - see {@link RetryOptions}; `logger.debug` receives one `retry` event
 *   per wait.
 */
export function withRetry(next: FetchLike, options: WithRetryOptions = {}): FetchLike {
  const policy = resolvePolicy(options);
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const isLast = attempt > policy.retries;
      let response: Response;
      try {
        response = await next(request.clone());
      } catch (error) {
        if (isLast || !mayRetryError(request, error)) throw noAnswer(error, request, attempt);
        const delayMs = backoff(policy, attempt);
        await pause(request, policy, { attempt, delayMs, reason: why(error) });
        continue;
      }
      const delayMs = isLast ? undefined : responseDelay(policy, isIdempotent(request), response, attempt);
      if (delayMs === undefined) return response;
      // Not awaited: some streams (msw's) never settle a cancel; the socket is freed anyway.
      void response.body?.cancel().catch(() => undefined);
      const { status } = response;
      await pause(request, policy, { attempt, delayMs, status, reason: `status ${status}` });
    }
  };
}

type Policy = Required<RetryOptions> & Pick<WithRetryOptions, "logger">;

function resolvePolicy(options: WithRetryOptions): Policy {
  return {
    retries: Math.max(0, Math.floor(options.retries ?? 3)),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    retryOn: options.retryOn ?? [429, 502, 503, 504],
    logger: options.logger,
  };
}

/** The wait before the next attempt, or `undefined` when this answer is final. */
function responseDelay(policy: Policy, idempotent: boolean, response: Response, attempt: number) {
  const { status } = response;
  const safe = status === 429 || (status >= 500 && idempotent);
  if (!safe || !policy.retryOn.includes(status)) return undefined;
  const retryAfter = retryAfterMs(response.headers);
  if (retryAfter === undefined) return backoff(policy, attempt);
  return retryAfter <= policy.maxRetryAfterMs ? retryAfter : undefined;
}

/** `retry-after-ms`, else `Retry-After` as delta-seconds or an HTTP date. */
function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function backoff(policy: Policy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(Math.random() * ceiling);
}

/**
 * A failed attempt is retried only when the caller did not abort and: for an idempotent
 * method, the failure is transient; for POST and PATCH, the request was never sent (a
 * timeout or reset there may come after the server acted).
 */
function mayRetryError(request: Request, error: unknown): boolean {
  // A token request that failed was already retried by the auth layer, within its rate limit.
  if (request.signal.aborted || error instanceof TokenRequestError) return false;
  if (!isIdempotent(request)) return errorCodes(error).some((c) => NOT_SENT_CODES.has(c));
  if (error instanceof AtlasConnectionError && error.kind !== "network") {
    return error.kind === "timeout";
  }
  const codes = errorCodes(error);
  return codes.length > 0 ? codes.some((c) => TRANSIENT_CODES.has(c)) : isFetchFailure(error);
}

/** The error to throw when no more attempts will be made. */
function noAnswer(error: unknown, request: Request, attempts: number): unknown {
  if (request.signal.aborted || error instanceof TokenRequestError) return error;
  const { method, url } = request;
  if (error instanceof AtlasConnectionError) {
    const { kind, cause } = error;
    return new AtlasConnectionError({ kind, method, url, cause, attempts });
  }
  const isNetwork = isFetchFailure(error) || errorCodes(error).some((c) => NETWORK_CODES.has(c));
  if (!isNetwork) return error;
  return new AtlasConnectionError({ kind: "network", method, url, cause: error, attempts });
}

/** The error, its `cause` chain and an `AggregateError`'s `errors` (as Node's connect makes). */
function errorChain(error: unknown): object[] {
  const chain: object[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 16) {
    const current = pending.shift();
    if (typeof current !== "object" || current === null || chain.includes(current)) continue;
    chain.push(current);
    pending.push((current as { cause?: unknown }).cause);
    if (current instanceof AggregateError) pending.push(...(current.errors as unknown[]));
  }
  return chain;
}

/** The string `code`s (ECONNREFUSED, UND_ERR_SOCKET, …) anywhere in the chain. */
function errorCodes(error: unknown): string[] {
  return errorChain(error).flatMap((e) => {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" ? [code] : [];
  });
}

function isFetchFailure(error: unknown): boolean {
  return errorChain(error).some((e) => e instanceof TypeError && FETCH_FAILURE.test(e.message));
}

function why(error: unknown): string {
  if (error instanceof AtlasConnectionError && error.kind === "timeout") return "timeout";
  return errorCodes(error)[0] ?? (error instanceof Error ? error.message : String(error));
}

interface Wait {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly status?: number;
}

/** Logs the retry, then waits; the request's signal cuts the wait short. */
function pause(request: Request, policy: Policy, wait: Wait): Promise<void> {
  const { method } = request;
  const url = redactUrl(request.url);
  const next = wait.attempt + 1;
  const plan = `attempt ${next} of ${policy.retries + 1} in ${wait.delayMs} ms`;
  policy.logger?.debug?.({
    event: "retry",
    message: `${method} ${url}: ${wait.reason}; ${plan}`,
    method,
    url,
    attempt: next,
    delayMs: wait.delayMs,
    ...(wait.status === undefined ? {} : { status: wait.status }),
    reason: wait.reason,
  });
  return sleep(wait.delayMs, request.signal);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
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
