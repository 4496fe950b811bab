/**
 * The error a call ends in when it gave up waiting for a rate limit.
 *
 * @module
 */

/** What a {@link RateLimitError} is built from. */
export interface RateLimitErrorInit {
  /** The limit waited for: the endpoint the 429 named, or the method and path template. */
  readonly limit: string;
  /** How long the call would have waited in all, in milliseconds. */
  readonly waitMs: number;
  /** The longest wait allowed (`rateLimit.maxWaitMs`), in milliseconds. */
  readonly maxWaitMs: number;
  /** The HTTP method of the call. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
}

/**
 * A call was not sent (or not sent again after a 429) because the rate limit it draws from
 * would have kept it waiting longer than `rateLimit.maxWaitMs`. Nothing was done on the
 * server for it: an Atlas 429 is refused before anything happens.
 */
export class RateLimitError extends Error {
  override readonly name = "RateLimitError";
  /** Always 429: the answer a call over the limit gets. */
  readonly status = 429;
  /** The limit waited for. */
  readonly limit: string;
  /** How long the call would have waited in all, in milliseconds. */
  readonly waitMs: number;
  /** The longest wait allowed, in milliseconds. */
  readonly maxWaitMs: number;
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The request URL (no query). */
  readonly url: string;

  /** Builds the error; the message is derived from the fields. */
  constructor({ limit, waitMs, maxWaitMs, method, url }: RateLimitErrorInit) {
    const s = (ms: number): string => `${Math.ceil(ms / 1000)} s`;
    super(`${method} ${url}: rate limit ${limit} would have kept the call waiting ${s(waitMs)} (maxWaitMs ${s(maxWaitMs)})`);
    this.limit = limit;
    this.waitMs = waitMs;
    this.maxWaitMs = maxWaitMs;
    this.method = method;
    this.url = url;
  }
}
