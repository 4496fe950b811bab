/**
 * The error a service account's token or revoke request ends in.
 *
 * @module
 */
import { maskCredentials, redactUrl } from "../util/redact.js";

/** What a {@link TokenRequestError} is built from. Never pass a secret or a token in here. */
export interface TokenRequestErrorInit {
  /** The HTTP status, or 0 when the endpoint could not be reached. */
  readonly status: number;
  /** The token or revoke URL. */
  readonly url: string;
  /** The HTTP method (`POST`). */
  readonly method?: string;
  /** `errorCode` from an Atlas error body, or the OAuth `error` field (`invalid_client`). */
  readonly errorCode?: string | undefined;
  /** `detail` or `error_description` from the body (or the start of a non-JSON body). */
  readonly detail?: string | undefined;
  /** `reason` from an Atlas error body. */
  readonly reason?: string | undefined;
  /** What went wrong below HTTP (a connection error) when `status` is 0. */
  readonly cause?: unknown;
  /** How long the endpoint asked to be left alone (`Retry-After`), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
}

/**
 * A service account could not get (or revoke) a token: the endpoint refused the client
 * id and secret, kept answering 429/5xx, or could not be reached (`status` 0, with `cause`).
 * The API request it was for was not sent. Its message, fields and `toJSON()` hold no
 * client secret, `Authorization` header or token: the URL goes through the same redaction
 * as every other (userinfo, `?client_secret=`), and the detail is masked.
 */
export class TokenRequestError extends Error {
  override readonly name = "TokenRequestError";
  /** The HTTP status, or 0 when the endpoint could not be reached. */
  readonly status: number;
  /** `errorCode` from an Atlas error body (`RATE_LIMITED`) or the OAuth `error` (`invalid_client`). */
  readonly errorCode: string | undefined;
  /** `detail` or `error_description` from the body. */
  readonly detail: string | undefined;
  /** `reason` from an Atlas error body. */
  readonly reason: string | undefined;
  /** The token or revoke URL, without userinfo and with secret query parameters masked. */
  readonly url: string;
  /** Always `false`: the API request this token was for was not sent. */
  readonly mayHaveActed = false;
  /** The HTTP method. */
  readonly method: string;
  /** How long the endpoint asked to be left alone (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  /** Builds the error; the message is derived from the fields. */
  constructor({ status, method = "POST", errorCode, cause, retryAfterMs, ...text }: TokenRequestErrorInit) {
    const url = redactUrl(text.url);
    const detail = text.detail === undefined ? undefined : maskCredentials(text.detail);
    const reason = text.reason === undefined ? undefined : maskCredentials(text.reason);
    const wait = retryAfterMs === undefined ? "" : ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)`;
    const answer = `answered ${status}${errorCode ? ` ${errorCode}` : ""}${detail ? `: ${detail}` : ""}${wait}`;
    super(`Service account auth: ${method} ${url} ${status ? answer : "could not be reached"}`, cause === undefined ? undefined : { cause });
    this.status = status;
    this.errorCode = errorCode;
    this.detail = detail;
    this.reason = reason;
    this.url = url;
    this.method = method;
    this.retryAfterMs = retryAfterMs;
  }

  /** The fields a log or a `JSON.stringify` should see (no `cause`, no stack). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}
