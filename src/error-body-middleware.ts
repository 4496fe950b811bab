import type { Middleware } from "openapi-fetch";
import { AtlasApiError } from "./atlas-api-error.js";

/**
 * Gives every error answer the Atlas error body shape, so `error` always matches its type:
 * a non-JSON body (an HTML page from a proxy, Apache's plain 401) becomes
 * `{ error, errorCode: "UNEXPECTED_RESPONSE", detail: <text cut short>, reason, parameters }`.
 */
export function errorBodyMiddleware(): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.ok || /json/i.test(response.headers.get("Content-Type") ?? "")) return undefined;
      const text = response.status === 204 || request.method === "HEAD" ? "" : await response.text();
      const parsed = AtlasApiError.fromBody(text, {
        status: response.status,
        method: request.method,
        url: request.url,
        response,
      });
      const body = {
        error: response.status,
        errorCode: parsed.errorCode,
        detail: parsed.detail ?? `HTTP ${response.status}`,
        reason: parsed.reason ?? "",
        parameters: [],
      };
      const headers = new Headers(response.headers);
      headers.set("Content-Type", "application/json");
      headers.delete("Content-Length");
      return new Response(JSON.stringify(body), { status: response.status, statusText: response.statusText, headers });
    },
  };
}
