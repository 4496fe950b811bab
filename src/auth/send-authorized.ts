import type { FetchLike } from "../types/index.js";
import { rememberAuthorization } from "../util/redact.js";

/**
 * Sends `request` with `Authorization: value` and puts the request's own header back as it
 * was once the answer has come: the caller's object (openapi-fetch's, the retry layer's)
 * never keeps the credentials, so no middleware sees them and no later attempt carries a
 * stale one, and no copy of the request has to be made (each `new Request` costs more CPU
 * than the signing itself).
 */
export async function sendAuthorized(fetch: FetchLike, request: Request, value: string): Promise<Response> {
  const { headers } = request;
  const own = headers.get("authorization");
  rememberAuthorization(value); // masked by value if an answer echoes it, with or without its scheme
  headers.set("authorization", value);
  try {
    return await fetch(request);
  } finally {
    if (own === null) headers.delete("authorization");
    else headers.set("authorization", own);
  }
}
