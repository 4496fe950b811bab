/**
 * The query options every answer honours: `envelope=true` and `pretty=true`.
 *
 * @module
 */

/** How an enveloped answer's status line reads (the documents allow both). */
export type EnvelopeStatus = "real" | "200";

/**
 * Applies `envelope` and `pretty` from the request's query to a JSON answer. With
 * `envelope=true` a single resource (or an error) becomes `{ status, content }` and a list
 * (a body with `results`) gains `status`; the status line is 200 or stays the real one, as
 * `envelopeStatus` says. A 204 enveloped with "200" becomes `{ status: 204 }`.
 */
export async function shapeResponse(response: Response, url: URL, envelopeStatus: EnvelopeStatus): Promise<Response> {
  const envelope = url.searchParams.get("envelope") === "true";
  const pretty = url.searchParams.get("pretty") === "true";
  if (!envelope && !pretty) return response;
  const text = await response.text();
  const isJson = (response.headers.get("Content-Type") ?? "").includes("json");
  if (!isJson && text !== "") return new Response(text, response);
  let body: unknown = text === "" ? undefined : JSON.parse(text);
  let status = response.status;
  if (envelope) {
    body = wrap(body, response.status);
    if (envelopeStatus === "200") status = 200;
  }
  const headers = new Headers(response.headers);
  if (body === undefined || status === 204) return new Response(null, { status, headers });
  if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  return new Response(JSON.stringify(body, null, pretty ? 2 : undefined), { status, headers });
}

function wrap(body: unknown, status: number): unknown {
  if (body === undefined) return { status };
  if (typeof body === "object" && body !== null && "results" in body) return { ...body, status };
  return { status, content: body };
}
