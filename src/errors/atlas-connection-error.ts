/**
 * The error for a request that got no answer at all: the connection failed, the attempt
 * timed out, or the caller aborted. It is not an {@link AtlasApiError} (there is no
 * status, no error code), so code that handles API errors never mistakes one for it.
 *
 * @module
 */

import { errorCodes } from "../util/error-chain.js";
import { redactUrl } from "../util/redact.js";

/** Why no answer came: `network` (refused, reset, DNS…), `timeout`, or the caller's `abort`. */
export type ConnectionErrorKind = "network" | "timeout" | "abort";

/** What {@link AtlasConnectionError} is built from. */
export interface AtlasConnectionErrorInit {
  readonly kind: ConnectionErrorKind;
  /** The HTTP method of the request. */
  readonly method: string;
  /** The request URL; credentials in it are removed. */
  readonly url: string;
  /** The underlying error (a `TypeError` from `fetch`, a `TimeoutError`, the abort reason). */
  readonly cause: unknown;
  /** How many times the request was sent (1 unless retried). */
  readonly attempts?: number;
}

/** A request that got no answer: status 0, with the underlying error as `cause`. */
export class AtlasConnectionError extends Error {
  override readonly name = "AtlasConnectionError";
  /** Always 0: no response came. */
  readonly status = 0;
  /** Why no answer came. */
  readonly kind: ConnectionErrorKind;
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The request URL without userinfo and with secret query parameters masked. */
  readonly url: string;
  /** How many times the request was sent. */
  readonly attempts: number;

  constructor({ kind, method, url, cause, attempts = 1 }: AtlasConnectionErrorInit) {
    method = method.toUpperCase();
    url = redactUrl(url);
    // `fetch failed [ECONNREFUSED]`: the outer message is vague, the code deeper down is not.
    const message = cause instanceof Error ? cause.message : cause === undefined ? "" : String(cause);
    const code = errorCodes(cause)[0];
    const why = code === undefined || message.includes(code) ? message : `${message} [${code}]`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    super(`${method} ${url} → no response (${kind}${why && `: ${why}`})${tries}`, { cause });
    this.kind = kind;
    this.method = method;
    this.url = url;
    this.attempts = attempts;
  }

  /** The plain fields, for logs and `JSON.stringify`; the cause shrinks to name, message, code. */
  toJSON(): Record<string, unknown> {
    const { cause } = this;
    const summary =
      cause instanceof Error
        ? { name: cause.name, message: cause.message, code: errorCodes(cause)[0] }
        : cause === undefined ? undefined : String(cause);
    return { ...(this as object), message: this.message, cause: summary };
  }
}
