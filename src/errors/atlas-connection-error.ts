/**
 * The error for a request that got no usable answer: the connection failed, the attempt
 * timed out, the caller aborted, or an answer started but its body was cut off, did not
 * come in time or was not the JSON its status promised. It is not an {@link AtlasApiError}
 * (there is no error code), so code that handles API errors never mistakes one for it.
 *
 * @module
 */

import { errorCodes } from "../util/error-chain.js";
import { maskCredentials, redactUrl } from "../util/redact.js";

/**
 * Why no usable answer came: `network` (refused, reset, DNS, a body cut off…), `timeout`,
 * the caller's `abort`, or `invalid-body` (a success whose body is not JSON, such as a
 * proxy's HTML page).
 */
export type ConnectionErrorKind = "network" | "timeout" | "abort" | "invalid-body";

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
  /** Whether the server may have acted on the request (default `true`: only a certainty says otherwise). */
  readonly mayHaveActed?: boolean;
  /** The status of an answer whose body could not be read or used. */
  readonly responseStatus?: number | undefined;
}

/**
 * A request that got no usable answer: status 0, with the underlying error as `cause`.
 * Branch on {@link AtlasConnectionError.mayHaveActed} before doing again what the call did.
 */
export class AtlasConnectionError extends Error {
  override readonly name = "AtlasConnectionError";
  /** Always 0: no usable response came (see {@link AtlasConnectionError.responseStatus}). */
  readonly status = 0;
  /** Why no answer came. */
  readonly kind: ConnectionErrorKind;
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The request URL without userinfo and with secret query parameters masked. */
  readonly url: string;
  /** How many times the request was sent. */
  readonly attempts: number;
  /**
   * Whether the server may have acted on the request: `false` only when it certainly did
   * not (the connection was never made: refused, DNS, connect timeout; or an answer that
   * refused it with a 4xx came). `true` after a reset, a timeout or an abort once the
   * request may have left, and when a success's body was lost: a create may then exist
   * although the call failed, so look before creating again.
   */
  readonly mayHaveActed: boolean;
  /** The status of an answer whose body was cut off, came too late or was not JSON; `undefined` when no answer started. */
  readonly responseStatus: number | undefined;

  constructor({ kind, method, url, cause, attempts = 1, mayHaveActed = true, responseStatus }: AtlasConnectionErrorInit) {
    method = method.toUpperCase();
    url = redactUrl(url);
    // `fetch failed [ECONNREFUSED]`: the outer message is vague, the code deeper down is not.
    const message = maskCredentials(cause instanceof Error ? cause.message : cause === undefined ? "" : String(cause));
    const code = errorCodes(cause)[0];
    const why = code === undefined || message.includes(code) ? message : `${message} [${code}]`;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    const what = responseStatus === undefined ? "no response" : `${responseStatus}, but its body could not be used`;
    const acted = mayHaveActed ? "" : "; the server did not act on it";
    super(`${method} ${url} → ${what} (${kind}${why && `: ${why}`})${tries}${acted}`, { cause });
    this.kind = kind;
    this.method = method;
    this.url = url;
    this.attempts = attempts;
    this.mayHaveActed = mayHaveActed;
    this.responseStatus = responseStatus;
  }

  /** The plain fields, for logs and `JSON.stringify`; the cause shrinks to name, message, code. */
  toJSON(): Record<string, unknown> {
    const { cause } = this;
    const summary =
      cause instanceof Error
        ? { name: cause.name, message: maskCredentials(cause.message), code: errorCodes(cause)[0] }
        : cause === undefined ? undefined : maskCredentials(String(cause));
    return { ...(this as object), message: this.message, cause: summary };
  }
}
