/**
 * A deadline per attempt: it sits under the retry layer, so a GET that times out can be
 * sent again while the caller's own `signal` still ends everything.
 *
 * @module
 */

import { AtlasConnectionError } from "../errors/atlas-connection-error.js";
import type { FetchLike } from "../types/index.js";

/**
 * Wraps `next` so that each request it sends is aborted when its whole exchange (status,
 * headers and the body to its last byte, which the layer below reads) has not ended within
 * `timeoutMs`. A body that stalls after the headers is cut off by the same deadline.
 *
 * @param next - the fetch below (body reading, auth, then the transport).
 * @param timeoutMs - the deadline in milliseconds; `0`, `undefined` or `Infinity` means
 *   none, and `next` is returned unchanged.
 * @returns a fetch that rejects with an {@link AtlasConnectionError} of kind `timeout`
 *   when the deadline passed, or of kind `abort` when the request's own signal aborted
 *   (with the `responseStatus` when the answer had started). Other errors pass through unchanged.
 */
export function withTimeout(next: FetchLike, timeoutMs?: number): FetchLike {
  if (!timeoutMs || !(timeoutMs > 0 && timeoutMs < Infinity)) return next;
  return async (request) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    const { method, url, signal } = request;
    try {
      // duplex: a stream body (no known source) cannot be re-wrapped without it.
      return await next(new Request(request, { signal: AbortSignal.any([signal, deadline.signal]), duplex: "half" } as RequestInit));
    } catch (error) {
      // The caller's abort wins over the deadline when both happened.
      const cause = signal.aborted ? signal : deadline.signal.aborted ? deadline.signal : undefined;
      if (!cause) throw error;
      const started = error instanceof AtlasConnectionError ? error : undefined;
      throw new AtlasConnectionError({
        kind: cause === signal ? "abort" : "timeout",
        method,
        url,
        cause: cause.reason,
        mayHaveActed: started?.mayHaveActed,
        responseStatus: started?.responseStatus,
      });
    } finally {
      clearTimeout(timer);
    }
  };
}
