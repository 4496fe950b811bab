import { isJson, replaceBody } from "../util/replace-body.js";
import type { FetchLike } from "../types/index.js";

/**
 * Unwraps the answers to requests whose URL says `envelope=true` (the client option adds it
 * to every URL; a call may also pass it as its own query parameter), so that `data`, `error`
 * and their types are what they are without it: `{ status, content }` becomes `content` with
 * `status` as the status line, a list loses the `status` it gained, and a body holding only
 * `status` (a wrapped 204) becomes an empty answer with that status. Works whether the server
 * keeps the real status line or answers 200 with the code in `status`.
 *
 * It sits right above the request log, below auth and retry, so that a 401 challenge or a
 * 503 answered as 200 is seen as what it is: the headers (`WWW-Authenticate`, `Retry-After`)
 * stay on the unwrapped answer.
 *
 * @param next - the fetch below (request log, transport).
 */
export function withEnvelope(next: FetchLike): FetchLike {
  return async (request) => {
    const response = await next(request);
    if (!/[?&]envelope=true(&|$)/.test(request.url) || !isJson(response)) return response;
    let body: unknown;
    try {
      body = JSON.parse(await response.clone().text());
    } catch {
      return response;
    }
    if (!(body instanceof Object) || Array.isArray(body)) return response;
    const { status, ...rest } = body as Record<string, unknown>;
    if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) return response;
    if ("results" in rest) return replaceBody(response, rest, status);
    // `replaceBody` leaves out the body of a 204/205/304, and of an envelope without `content`.
    const empty = Object.keys(rest).length === 0 || [204, 205, 304].includes(status);
    return "content" in rest || empty ? replaceBody(response, rest["content"], status) : response;
  };
}
