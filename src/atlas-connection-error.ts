/**
 * The error for a request that got no answer at all: the connection failed, the attempt
 * timed out, or the caller aborted. It is not an {@link AtlasApiError} (there is no
 * status, no error code), so code that handles API errors never mistakes one for it.
 *
 * @module
 */

import { redactUrl } from "./redact.js";
import { TokenRequestError } from "./token-request-error.js";

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

/** Network failures worth another try for an idempotent request. */
export const TRANSIENT_CODE =
  /^(ECONN(RESET|REFUSED|ABORTED)|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENET(UNREACH|DOWN)|EAI_AGAIN|UND_ERR_(SOCKET|CLOSED|(CONNECT|HEADERS|BODY)_TIMEOUT))$/;

/** What `fetch` says when the connection failed (Node's undici, msw). */
const FETCH_FAILURE = /^(fetch failed|failed to fetch)$/i;

/** The error, its `cause` chain and an `AggregateError`'s `errors` (as Node's connect makes). */
function errorChain(error: unknown, depth = 0): object[] {
  if (!(error instanceof Object) || depth > 8) return [];
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const inner = Array.isArray(errors) ? errors : [];
  return [error, ...[cause, ...inner].flatMap((e) => errorChain(e, depth + 1))];
}

/** The string `code`s (ECONNREFUSED, UND_ERR_SOCKET, …) anywhere in the chain, outermost first. */
export function errorCodes(error: unknown): string[] {
  return errorChain(error).flatMap((e) => {
    const { code } = e as { code?: unknown };
    return typeof code === "string" ? [code] : [];
  });
}

/** Whether `fetch` itself said the connection failed (a `TypeError` somewhere in the chain). */
export function isFetchFailure(error: unknown): boolean {
  return errorChain(error).some((e) => e instanceof TypeError && FETCH_FAILURE.test(e.message));
}

/**
 * The error a request that got no answer ends in: an {@link AtlasConnectionError} of kind
 * `abort` when the caller aborted, `network` for a connection failure (or the same error
 * again, counting `attempts`); anything else (an auth failure, a bug) unchanged.
 */
export function connectionError(error: unknown, request: Request, attempts = 1): unknown {
  const { method, url, signal } = request;
  // A token request that could not be sent is the auth layer's error, already retried there.
  if (error instanceof TokenRequestError) return error;
  if (error instanceof AtlasConnectionError) {
    return attempts > 1 ? new AtlasConnectionError({ ...error, cause: error.cause, attempts }) : error;
  }
  const network = isFetchFailure(error) || errorCodes(error).some((c) => c === "ENOTFOUND" || TRANSIENT_CODE.test(c));
  const kind = signal.aborted ? "abort" : network ? "network" : undefined;
  return kind ? new AtlasConnectionError({ kind, method, url, cause: error, attempts }) : error;
}
