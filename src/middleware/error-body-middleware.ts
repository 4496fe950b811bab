import type { Middleware } from "openapi-fetch";
import { isJson, replaceBody } from "../util/replace-body.js";
import { bodyFields } from "../errors/atlas-api-error.js";
import { redactBody } from "../util/redact.js";
import { jsonOrText } from "../util/json-or-text.js";

/**
 * Gives every error answer the Atlas error body shape, so `error` is always a truthy
 * object that matches its type: an answer whose body is not an object with a string
 * `errorCode` (an HTML page from a proxy, Apache's plain 401, JSON that is empty, `null`,
 * a list, or an object without `errorCode`) becomes `{ error, errorCode: "UNEXPECTED_RESPONSE",
 * detail, reason, parameters: [] }`, with the object's own `detail` and `reason` when it has
 * them, else the text cut short and the reason phrase. Credentials a body echoes (a
 * `Bearer` token, an `Authorization:` line) are masked, in an Atlas error body too.
 */
export function errorBodyMiddleware(): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.ok) return undefined;
      const { status, statusText } = response;
      const text = request.method === "HEAD" ? "" : await response.clone().text();
      // Not JSON whatever it says: the text is the detail.
      const body = isJson(response) ? jsonOrText(text) : text;
      const own = (body as Record<string, unknown> | null)?.["errorCode"];
      if (typeof own === "string" && own) {
        const masked = redactBody(body);
        return JSON.stringify(masked) === JSON.stringify(body) ? undefined : replaceBody(response, masked);
      }
      const { detail, reason } = bodyFields(body);
      return replaceBody(response, { error: status, errorCode: "UNEXPECTED_RESPONSE", detail: detail ?? `HTTP ${status}`, reason: reason ?? statusText, parameters: [] });
    },
  };
}
