/**
 * The error for an answer that says no: an Atlas error body (`{ error, errorCode, detail,
 * reason, parameters, badRequestDetail }`) with the request it answered. Its message,
 * fields and `toJSON()` carry no credentials.
 *
 * @module
 */

import type { ErrorCode } from "./error-codes.js";
import { maskCredentials, redactBody, redactUrl } from "../util/redact.js";

/** A field the server refused, from a v2 `badRequestDetail`. */
export interface BadRequestField {
  readonly field: string;
  readonly description: string;
}

/** v2's per-field explanation of a 400. */
export interface BadRequestDetail {
  readonly fields?: readonly BadRequestField[];
}

/** What {@link AtlasApiError} is built from. */
export interface AtlasApiErrorInit<C extends ErrorCode = ErrorCode> extends BodyFields<C> {
  readonly status: number;
  readonly method: string;
  /** The request URL; credentials in it are removed. */
  readonly url: string;
  readonly response?: Response | undefined;
  readonly operationId?: string | undefined;
  /** A sentence appended to the message: what to do about it (e.g. the newer version). */
  readonly hint?: string | undefined;
}

/** The request side of {@link AtlasApiError.fromBody}: everything but what the body says. */
export type AtlasApiErrorContext = Omit<AtlasApiErrorInit, keyof BodyFields>;

/** What an error body says: its code, detail, reason, parameters and per-field detail. */
export interface BodyFields<C extends ErrorCode = ErrorCode> {
  readonly errorCode: C;
  readonly detail?: string | undefined;
  readonly reason?: string | undefined;
  readonly parameters?: readonly unknown[] | undefined;
  readonly badRequestDetail?: BadRequestDetail | undefined;
}

/**
 * An error answer from the API. Key behaviour on `errorCode` (see
 * `isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")`), not on the status alone.
 *
 * @typeParam C - the error code, narrowed by `isAtlasApiError(e, code)`.
 */
export class AtlasApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = "AtlasApiError";
  /** The HTTP status of the answer. */
  declare readonly status: number;
  /** The Atlas error code, or `UNEXPECTED_RESPONSE` when the body was not an Atlas error. */
  declare readonly errorCode: C;
  /** The server's explanation; for a non-JSON body, its text cut short. */
  declare readonly detail?: string;
  /** The HTTP reason phrase, as the server gave it. */
  declare readonly reason?: string;
  /** The values the detail refers to. */
  declare readonly parameters: readonly unknown[];
  /** v2's per-field explanation of a 400. */
  declare readonly badRequestDetail?: BadRequestDetail;
  /** The HTTP method, upper-case. */
  declare readonly method: string;
  /** The request URL without userinfo and with secret query parameters masked. */
  declare readonly url: string;
  /** The operation called, when the client knows it. */
  declare readonly operationId?: string;
  /** The raw answer. Not enumerable, so logging or serializing the error does not dump it. */
  declare readonly response?: Response;
  /**
   * Whether the server may have acted on the request: `true` for a 5xx (a gateway's 502 or
   * 504 may follow the API's work), `false` for a 4xx, which refuses the request.
   */
  declare readonly mayHaveActed: boolean;

  constructor(init: AtlasApiErrorInit<C>) {
    const { response, hint, parameters = [], ...fields } = init;
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    // The detail and reason may echo the request (a proxy's error page): no credential stays in them.
    const masked = redactBody({ ...fields, parameters }) as typeof fields;
    const detail = masked.detail ? `: ${masked.detail}` : "";
    super(`${method} ${url} → ${init.status} ${init.errorCode}${detail}${hint ? ` — ${hint}` : ""}`);
    Object.assign(this, masked, { method, url, mayHaveActed: init.status >= 500 });
    Object.defineProperty(this, "response", { value: response });
  }

  /**
   * Builds the error from whatever came back: an Atlas error body (parsed JSON), a text
   * body (an HTML page from a proxy: tags stripped, cut to about 200 characters, code
   * `UNEXPECTED_RESPONSE`), or nothing.
   *
   * @param body - the parsed JSON body, the body text, or `undefined`/`null`/`""`.
   * @param context - the request and response it belongs to.
   */
  static fromBody(body: unknown, context: AtlasApiErrorContext): AtlasApiError {
    const fields = bodyFields(body);
    return new AtlasApiError({ ...context, ...fields, reason: fields.reason ?? (context.response?.statusText || undefined) });
  }

  /** The plain fields with credentials masked, for logs and `JSON.stringify`; no `response`. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

/**
 * What an error body says. An Atlas error gives its fields (an OAuth error its `error` and
 * `error_description`); other JSON gives `UNEXPECTED_RESPONSE` and its masked text; a text
 * body (an HTML page from a proxy) `UNEXPECTED_RESPONSE` and what a person would read on
 * it, cut to about 200 characters.
 */
export function bodyFields(body: unknown): BodyFields {
  if (!isRecord(body)) {
    // Masked while its lines are still there, before the cut can split a credential.
    const plain = maskCredentials(typeof body === "string" ? body : "")
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->|<[^>]*>|&nbsp;/gi, " ")
      .replace(/\s+/g, " ")
      .trim();
    return { errorCode: "UNEXPECTED_RESPONSE", detail: shorten(plain) };
  }
  const text = (name: string): string | undefined => {
    const value = body[name];
    return typeof value === "string" && value ? maskCredentials(value) : undefined;
  };
  const errorCode = text("errorCode") ?? text("error");
  const badRequestDetail = body["badRequestDetail"];
  return {
    errorCode: errorCode ?? "UNEXPECTED_RESPONSE",
    detail: text("detail") ?? text("error_description") ?? (errorCode ? undefined : shorten(JSON.stringify(redactBody(body)))),
    reason: text("reason"),
    parameters: Array.isArray(body["parameters"]) ? body["parameters"] : [],
    badRequestDetail: isRecord(badRequestDetail) ? badRequestDetail : undefined,
  };
}

/** Text cut to about 200 characters, `undefined` when there is none. */
function shorten(text: string): string | undefined {
  return text.length > 200 ? `${text.slice(0, 200).trimEnd()}…` : text || undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value instanceof Object && !Array.isArray(value);
}
