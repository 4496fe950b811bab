import { redactHeaders, redactUrl } from "../util/redact.js";
import type { FetchLike, Logger } from "../types/index.js";

/**
 * Logs every HTTP exchange that goes on the wire (`request` and `response` debug events,
 * headers and URL redacted). It sits right above the transport, so a digest handshake or
 * a token request shows as the round trips it really costs.
 */
export function withRequestLog(next: FetchLike, logger: Logger | undefined): FetchLike {
  const debug = logger?.debug?.bind(logger);
  if (!debug) return next;
  return async (request) => {
    const url = redactUrl(request.url);
    const started = performance.now();
    debug({ event: "request", message: `→ ${request.method} ${url}`, method: request.method, url, headers: redactHeaders(request.headers) });
    const response = await next(request);
    const durationMs = Math.round(performance.now() - started);
    debug({ event: "response", message: `← ${response.status} ${request.method} ${url} (${durationMs} ms)`, method: request.method, url, status: response.status, durationMs });
    return response;
  };
}
