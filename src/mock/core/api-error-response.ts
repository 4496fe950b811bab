/** One field-level problem, as Atlas reports it in `badRequestDetail.fields`. */
export interface FieldProblem {
  /** Dotted path of the field, e.g. `serviceAccount.roles[0]`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly description: string;
}

/**
 * Builds an error answer in the Atlas error body shape
 * (`{ error, errorCode, detail, reason, parameters }`, plus `badRequestDetail` for 400s).
 */
export function apiErrorResponse(
  status: number,
  errorCode: string,
  detail: string,
  options: { parameters?: unknown[]; fields?: readonly FieldProblem[]; headers?: Record<string, string> } = {},
): Response {
  const body = {
    error: status,
    errorCode,
    detail,
    reason: reasonPhrase(status),
    parameters: options.parameters ?? [],
    ...(options.fields ? { badRequestDetail: { fields: options.fields } } : {}),
  };
  const headers = new Headers(options.headers);
  headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(body), { status, headers });
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function reasonPhrase(status: number): string {
  return REASONS[status] ?? "Error";
}
