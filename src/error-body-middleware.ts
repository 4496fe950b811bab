import type { Middleware } from "openapi-fetch";
import { isJson, replaceBody } from "./replace-body.js";
import { bodyFields } from "./atlas-api-error.js";

/**
 * Gives every error answer the Atlas error body shape, so `error` always matches its type:
 * a non-JSON body (an HTML page from a proxy, Apache's plain 401) becomes
 * `{ error, errorCode: "UNEXPECTED_RESPONSE", detail: <text cut short>, reason, parameters }`.
 */
export function errorBodyMiddleware(): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.ok || isJson(response)) return undefined;
      const { status, statusText } = response;
      const { errorCode, detail } = bodyFields(request.method === "HEAD" ? "" : await response.text());
      const body = { error: status, errorCode, detail: detail ?? `HTTP ${status}`, reason: statusText, parameters: [] };
      return replaceBody(response, body);
    },
  };
}
