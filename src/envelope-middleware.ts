import type { Middleware } from "openapi-fetch";
import { isJson, replaceBody } from "./error-body-middleware.js";

/**
 * Unwraps `?envelope=true` answers so that `data`, `error` and their types are what they are
 * without it: `{ status, content }` becomes `content` with `status` as the status line, and a
 * list loses the `status` it gained. Works whether the server keeps the real status line or
 * answers 200 with the code in `status`. (The client adds `envelope=true` to every URL.)
 */
export function envelopeMiddleware(): Middleware {
  return {
    async onResponse({ response }) {
      if (!isJson(response)) return undefined;
      let body: unknown;
      try {
        body = JSON.parse(await response.clone().text());
      } catch {
        return undefined;
      }
      if (!(body instanceof Object) || Array.isArray(body)) return undefined;
      const { status, ...rest } = body as Record<string, unknown>;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599) return undefined;
      if ("content" in rest) return replaceBody(response, rest["content"], status);
      return "results" in rest ? replaceBody(response, rest, status) : undefined;
    },
  };
}
