/**
 * Reads every answer's body inside the fetch stack. openapi-fetch reads the body after the
 * fetch it was given has returned, outside the deadline, the retry layer and the error
 * mapping, so a body cut off or stalled there escaped as a bare `TypeError` or
 * `DOMException`, or hung until the server closed.
 *
 * @module
 */

import { AtlasConnectionError } from "../errors/atlas-connection-error.js";
import { connectionError } from "./connection-error.js";
import type { FetchLike } from "../types/index.js";
import { untilAborted } from "../util/until-aborted.js";

/** Statuses whose answer never has a body. */
const BODILESS = new Set([101, 204, 205, 304]);

/**
 * Wraps `next` so that the response it resolves to is read to its end first and handed on
 * as a buffered copy (same status, headers and URL; `Content-Length` the bytes read). A
 * success whose request asked for JSON must hold JSON, or nothing.
 *
 * It sits under the timeout layer, so the deadline covers the body, and under the retry
 * layer, so a GET whose body was cut off is sent again.
 *
 * @param next - the fetch below (auth, then the transport).
 * @returns a fetch that rejects with an {@link AtlasConnectionError} carrying the
 *   `responseStatus` when the body could not be read (kind `network`, or `abort` when the
 *   request's signal ended the read) or a success's body is not JSON (kind `invalid-body`).
 *   Whether the server may have acted follows the status: not after a 4xx, else maybe.
 */
export function withBufferedBody(next: FetchLike): FetchLike {
  return async (request) => {
    const response = await next(request);
    const { status, statusText, url } = response;
    const mayHaveActed = status < 400 || status >= 500;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readAll(response, request.signal));
    } catch (error) {
      const mapped = connectionError(error, request);
      const { kind, cause } = mapped instanceof AtlasConnectionError ? mapped : { kind: "network" as const, cause: error };
      throw new AtlasConnectionError({ kind, method: request.method, url: request.url, cause, mayHaveActed, responseStatus: status });
    }
    // A success that asked for JSON is parsed here, once: a body that is not JSON is a typed
    // error, and openapi-fetch's own `json()` gets the value instead of parsing it again.
    let parsed: { value: unknown } | undefined;
    if (response.ok && bytes.length > 0 && /json/i.test(request.headers.get("Accept") ?? "")) {
      try {
        parsed = { value: JSON.parse(decoder.decode(bytes)) };
      } catch {
        const cause = new SyntaxError(`the ${status} answer's body is not JSON (Content-Type: ${response.headers.get("Content-Type") ?? "none"})`);
        throw new AtlasConnectionError({ kind: "invalid-body", method: request.method, url: request.url, cause, mayHaveActed, responseStatus: status });
      }
    }
    const headers = new Headers(response.headers);
    // What openapi-fetch reads to tell an empty answer from one to parse.
    headers.delete("Transfer-Encoding");
    headers.set("Content-Length", String(bytes.length));
    const buffered = new Response(BODILESS.has(status) || bytes.length === 0 ? null : bytes, { status, statusText, headers });
    Object.defineProperty(buffered, "url", { value: url });
    if (parsed) {
      const { value } = parsed;
      // The first json() gets the value already read; the body stays for clone(), text() and the rest.
      Object.defineProperty(buffered, "json", { value: () => (buffered.bodyUsed ? Response.prototype.json.call(buffered) : Promise.resolve(value)), configurable: true });
    }
    return buffered;
  };
}

/** The whole body; the signal ends the wait even for a transport whose streams ignore it. */
function readAll(response: Response, signal: AbortSignal): Promise<ArrayBuffer> {
  signal.throwIfAborted();
  return untilAborted(response.arrayBuffer(), signal);
}

const decoder = new TextDecoder();
