/**
 * The error for a request that got no answer at all: the connection failed, the attempt
 * timed out, or the caller aborted. It is not an {@link AtlasApiError} (there is no
 * status, no error code), so code that handles API errors never mistakes one for it.
 *
 * @module
 */

import { redactUrl } from "./redact.js";

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

  constructor(init: AtlasConnectionErrorInit) {
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    const attempts = init.attempts ?? 1;
    super(connectionMessage(method, url, init.kind, init.cause, attempts), { cause: init.cause });
    this.kind = init.kind;
    this.method = method;
    this.url = url;
    this.attempts = attempts;
  }

  /** The plain fields, for logs and `JSON.stringify`; the cause shrinks to name, message, code. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      kind: this.kind,
      method: this.method,
      url: this.url,
      attempts: this.attempts,
      cause: summarizeCause(this.cause),
    };
  }
}

function connectionMessage(
  method: string,
  url: string,
  kind: ConnectionErrorKind,
  cause: unknown,
  attempts: number,
): string {
  const why = describeCause(cause);
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return `${method} ${url} → no response (${kind}${why ? `: ${why}` : ""})${tries}`;
}

/** `fetch failed [ECONNREFUSED]`: the outer message is vague, the code deeper down is not. */
function describeCause(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : cause === undefined ? "" : String(cause);
  const code = firstCode(cause);
  return code === undefined || message.includes(code) ? message : `${message} [${code}]`;
}

function firstCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 8; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function summarizeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return cause === undefined ? undefined : String(cause);
  return { name: cause.name, message: cause.message, code: firstCode(cause) };
}
