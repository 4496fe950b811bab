/**
 * Rewriting an answer's body: what the error-body middleware and the envelope layer both do.
 *
 * @module
 */

/** Whether an answer says its body is JSON (`application/json`, `application/vnd.atlas.…+json`). */
export function isJson(response: Response): boolean {
  return /json/i.test(response.headers.get("Content-Type") ?? "");
}

/**
 * A copy of `response` with `body` as its JSON body and `status` as its status; no body for
 * `undefined` or a status that has none (204, 205, 304).
 */
export function replaceBody(response: Response, body: unknown, status = response.status): Response {
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  const empty = body === undefined || status === 204 || status === 205 || status === 304;
  if (empty) headers.delete("Content-Type");
  else if (!isJson(response)) headers.set("Content-Type", "application/json");
  const statusText = status === response.status ? response.statusText : "";
  return new Response(empty ? null : JSON.stringify(body), { status, statusText, headers });
}
