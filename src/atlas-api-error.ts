/**
 * The error for an answer that says no: an Atlas error body (`{ error, errorCode, detail,
 * reason, parameters, badRequestDetail }`) with the request it answered. Its message,
 * fields and `toJSON()` carry no credentials.
 *
 * @module
 */

import type { ErrorCode } from "./error-codes.js";
import { redactBody, redactUrl } from "./redact.js";

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
export interface AtlasApiErrorInit<C extends ErrorCode = ErrorCode> {
  readonly status: number;
  readonly errorCode: C;
  readonly detail?: string | undefined;
  readonly reason?: string | undefined;
  readonly parameters?: readonly unknown[] | undefined;
  readonly badRequestDetail?: BadRequestDetail | undefined;
  readonly method: string;
  /** The request URL; credentials in it are removed. */
  readonly url: string;
  readonly response?: Response | undefined;
  readonly operationId?: string | undefined;
  /** A sentence appended to the message: what to do about it (e.g. the newer version). */
  readonly hint?: string | undefined;
}

/** The request side of {@link AtlasApiError.fromBody}: everything but what the body says. */
export interface AtlasApiErrorContext {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  readonly response?: Response | undefined;
  readonly operationId?: string | undefined;
  readonly hint?: string | undefined;
}

/** How much of a non-JSON body is kept in `detail`. */
const MAX_TEXT_DETAIL = 200;

/**
 * An error answer from the API. Key behaviour on `errorCode` (see
 * `isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")`), not on the status alone.
 *
 * @typeParam C - the error code, narrowed by `isAtlasApiError(e, code)`.
 */
export class AtlasApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = "AtlasApiError";
  /** The HTTP status of the answer. */
  readonly status: number;
  /** The Atlas error code, or `UNEXPECTED_RESPONSE` when the body was not an Atlas error. */
  readonly errorCode: C;
  /** The server's explanation; for a non-JSON body, its text cut short. */
  readonly detail?: string;
  /** The HTTP reason phrase, as the server gave it. */
  readonly reason?: string;
  /** The values the detail refers to. */
  readonly parameters: readonly unknown[];
  /** v2's per-field explanation of a 400. */
  readonly badRequestDetail?: BadRequestDetail;
  /** The HTTP method, upper-case. */
  readonly method: string;
  /** The request URL without userinfo and with secret query parameters masked. */
  readonly url: string;
  /** The operation called, when the client knows it. */
  readonly operationId?: string;
  /** The raw answer. Not enumerable, so logging or serializing the error does not dump it. */
  declare readonly response?: Response;

  constructor(init: AtlasApiErrorInit<C>) {
    const method = init.method.toUpperCase();
    const url = redactUrl(init.url);
    super(apiMessage(method, url, init));
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.parameters = redactBody(init.parameters ?? []) as readonly unknown[];
    this.method = method;
    this.url = url;
    this.detail = init.detail;
    this.reason = init.reason;
    this.badRequestDetail = init.badRequestDetail;
    this.operationId = init.operationId;
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
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
    const fields = isRecord(body) ? fieldsFromJson(body) : fieldsFromText(body);
    const reason = fields.reason ?? nonEmpty(context.response?.statusText);
    return new AtlasApiError({ ...context, ...fields, reason });
  }

  /** The plain fields with credentials masked, for logs and `JSON.stringify`; no `response`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      errorCode: this.errorCode,
      detail: this.detail,
      reason: this.reason,
      parameters: this.parameters,
      badRequestDetail: this.badRequestDetail,
      method: this.method,
      url: this.url,
      operationId: this.operationId,
    };
  }
}

type BodyFields = Pick<
  AtlasApiErrorInit,
  "errorCode" | "detail" | "reason" | "parameters" | "badRequestDetail"
>;

function apiMessage(method: string, url: string, init: AtlasApiErrorInit<ErrorCode>): string {
  const detail = init.detail ? `: ${init.detail}` : "";
  const hint = init.hint ? ` — ${init.hint}` : "";
  return `${method} ${url} → ${init.status} ${init.errorCode}${detail}${hint}`;
}

function fieldsFromJson(body: Record<string, unknown>): BodyFields {
  const errorCode = nonEmpty(body["errorCode"]);
  return {
    errorCode: errorCode ?? "UNEXPECTED_RESPONSE",
    detail:
      nonEmpty(body["detail"]) ??
      (errorCode === undefined ? shorten(JSON.stringify(redactBody(body))) : undefined),
    reason: nonEmpty(body["reason"]),
    parameters: Array.isArray(body["parameters"]) ? body["parameters"] : [],
    badRequestDetail: isRecord(body["badRequestDetail"])
      ? (body["badRequestDetail"] as BadRequestDetail)
      : undefined,
  };
}

function fieldsFromText(body: unknown): BodyFields {
  const text = typeof body === "string" ? plainText(body) : "";
  return { errorCode: "UNEXPECTED_RESPONSE", detail: text ? shorten(text) : undefined };
}

/** What a person would read on the page: no tags, scripts, styles or runs of whitespace. */
function plainText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function shorten(text: string): string {
  return text.length <= MAX_TEXT_DETAIL ? text : `${text.slice(0, MAX_TEXT_DETAIL).trimEnd()}…`;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
