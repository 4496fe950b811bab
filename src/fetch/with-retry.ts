/**
 * Retries that never create twice. No Atlas create call takes an idempotency key, so a
 * POST or PATCH is sent again only when the server certainly did not act on it: it
 * answered 429, or the connection was never made. GET, HEAD, PUT, DELETE and OPTIONS are
 * also retried on 502/503/504, on a reset or dropped connection, on an answer the HTTP
 * parser could not read, on a body cut off and on a timeout.
 *
 * @module
 */

import { AtlasConnectionError } from "../errors/atlas-connection-error.js";
import { connectionError, isFetchFailure, mayHaveActed, NOT_SENT_CODE, TRANSIENT_CODE } from "./connection-error.js";
import { errorCodes } from "../util/error-chain.js";
import { operationOf } from "../middleware/call-info.js";
import { discard } from "../util/discard.js";
import { redactUrl } from "../util/redact.js";
import { retryAfterMs } from "./retry-after-ms.js";
import { sleep } from "../util/sleep.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { FetchLike, Logger } from "../types/index.js";

/** How the client retries. `retry: false` on a client means: not wrapped at all. */
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

/** Answers that may come from a gateway after the server behind it acted. */
const GATEWAY_STATUS = new Set([502, 504]);

/** The statuses a safe request is sent again for when `retryOn` is not given. */
export const DEFAULT_RETRY_ON: readonly number[] = [429, 502, 503, 504];

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
 *   {@link AtlasConnectionError} says how many attempts were made and whether any of them
 *   may have reached the server (`mayHaveActed`). Other errors (auth failures, the
 *   caller's abort) pass through unchanged.
 * - A DELETE sent again after an attempt that may have reached the server (a reset, a
 *   timeout, a 502/504), and answered 404, was done by that attempt: it resolves to the
 *   operation's success status without a body, with a `retry-gone` debug event. A DELETE
 *   whose earlier attempts certainly did not reach the server keeps its 404.
 *
 * @param next - the fetch below (timeout, auth, transport).
 * @param options - see {@link RetryOptions}; `logger.debug` receives one `retry` event
 *   per wait.
 */
export function withRetry(next: FetchLike, options: WithRetryOptions = {}): FetchLike {
  const { baseDelayMs = 500, maxDelayMs = 8000, maxRetryAfterMs = 60_000, retryOn = DEFAULT_RETRY_ON, logger } = options;
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  return async (request) => {
    // Retry safety from the operations table; by method for a request the table does not know.
    const operation = operationOf(request);
    const idempotent = operation?.retrySafe ?? /^(GET|HEAD|PUT|DELETE|OPTIONS)$/.test(request.method);
    const { method } = request;
    // Whether an earlier attempt may have reached the server and acted.
    let acted = false;
    for (let attempt = 1; ; attempt++) {
      const last = attempt > retries;
      const backoff = Math.round(Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      let delayMs = backoff;
      let reason: string;
      let status: number | undefined;
      try {
        // A bodiless request can be sent as it is; one with a body is cloned so it can go again.
        const response = await next(request.body === null ? request : request.clone());
        status = response.status;
        if (status === 404 && acted && method === "DELETE") {
          const url = redactUrl(request.url);
          logger?.debug?.({ event: "retry-gone", message: `${method} ${url}: 404 after an attempt that may have deleted it; taken as done`, method, url, attempt });
          return gone(response, operation?.successStatus ?? 204);
        }
        const safe = status === 429 || (status >= 500 && idempotent);
        if (last || !safe || !retryOn.includes(status)) return response;
        const retryAfter = retryAfterMs(response.headers);
        if ((retryAfter ?? 0) > maxRetryAfterMs) return response;
        delayMs = retryAfter ?? backoff;
        discard(response);
        acted ||= GATEWAY_STATUS.has(status);
        reason = `status ${status}`;
      } catch (error) {
        if (last || !mayRetry(request, idempotent, error)) {
          throw request.signal.aborted ? error : connectionError(error, request, attempt, acted);
        }
        acted ||= mayHaveActed(error);
        const timeout = error instanceof AtlasConnectionError && error.kind === "timeout";
        reason = timeout ? "timeout" : (errorCodes(error)[0] ?? (error instanceof Error ? error.message : String(error)));
      }
      const url = redactUrl(request.url);
      logger?.debug?.({
        event: "retry",
        message: `${method} ${url}: ${reason}; attempt ${attempt + 1} of ${retries + 1} in ${delayMs} ms`,
        method,
        url,
        attempt: attempt + 1,
        delayMs,
        ...(status ? { status } : {}),
        reason,
      });
      await sleep(delayMs, request.signal);
    }
  };
}

/**
 * A failed attempt is retried only when the caller did not abort and: for an idempotent
 * method, the failure is transient (a body cut off or a timeout included); for POST and
 * PATCH, the request was never sent (a timeout, reset or lost body there may come after
 * the server acted).
 */
function mayRetry(request: Request, idempotent: boolean, error: unknown): boolean {
  // A token request that failed was already retried by the auth layer, within its rate limit.
  if (request.signal.aborted || error instanceof TokenRequestError) return false;
  const codes = errorCodes(error);
  if (!idempotent) return !(error instanceof AtlasConnectionError && error.mayHaveActed) && codes.some((c) => NOT_SENT_CODE.test(c));
  if (error instanceof AtlasConnectionError) return error.kind === "timeout" || (error.kind === "network" && error.responseStatus !== undefined) || codes.some((c) => TRANSIENT_CODE.test(c));
  return codes.length > 0 ? codes.some((c) => TRANSIENT_CODE.test(c)) : isFetchFailure(error);
}

/** The success a DELETE would have got had the first answer not been lost. */
function gone(notFound: Response, status: number): Response {
  discard(notFound);
  const done = new Response(null, { status, headers: { "Content-Length": "0" } });
  Object.defineProperty(done, "url", { value: notFound.url });
  return done;
}


