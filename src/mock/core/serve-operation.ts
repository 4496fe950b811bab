/**
 * One authenticated API call: find the operation, check version, media type and body,
 * run its route, and build the answer (versioned `Content-Type`, `Deprecation`/`Sunset`,
 * pages for lists).
 *
 * @module
 */
import type { OperationInfo, OperationVersion, Surface } from "../../../generated/operations.js";
import { matchOperation } from "./match-operation.js";
import { checkMockRequest } from "./check-mock-request.js";
import type { MockState } from "../state/create-mock-state.js";
import { MockError } from "./mock-error.js";
import type { MockIds } from "../state/mock-ids.js";
import type { PublicApiFlavor } from "./mock-options.js";
import type { MockPrincipal } from "../auth/mock-principal.js";
import type { RouteResult } from "../routes/mock-route.js";
import { findRoute } from "../routes/mock-routes.js";
import { bodyTooLarge } from "./body-too-large.js";
import { mediaTypesOf } from "./media-types-of.js";
import { mediaType, negotiateVersion } from "./negotiate-version.js";
import { pageOf } from "../routes/page-of.js";

/** What {@link serveOperation} needs besides the request. */
export interface ServeContext {
  readonly state: MockState;
  readonly ids: MockIds;
  readonly principal: MockPrincipal;
  /** The candidate surfaces of the path (never empty). */
  readonly surfaces: readonly Surface[];
  readonly publicApi: PublicApiFlavor;
  readonly now: number;
  /** The largest request body accepted, in bytes (413 above it). */
  readonly maxBodyBytes: number;
  revokeClient(clientId: string): void;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Answers an authenticated API call; a refusal comes back as an Atlas error answer. */
export async function serveOperation(request: Request, url: URL, context: ServeContext): Promise<Response> {
  try {
    return await serve(request, url, context);
  } catch (error) {
    if (error instanceof MockError) return error.toResponse();
    throw error;
  }
}

async function serve(request: Request, url: URL, context: ServeContext): Promise<Response> {
  const { principal } = context;
  const surface = pickSurface(context);
  if (principal.kind === "serviceAccount" && surface !== "atlas-v2") {
    throw new MockError(401, "UNAUTHORIZED", "Service account tokens are accepted on the Atlas Administration API v2 only.");
  }
  const match = matchOperation([surface], request.method, url.pathname);
  if (!match) throw unmatched(surface, request.method, url.pathname);
  const { operation } = match;
  const version = surface === "atlas-v2" ? negotiateVersion(operation, request, new Date(context.now).toISOString().slice(0, 10)) : undefined;
  if (!version && request.body !== null && mediaTypesOf(request.headers.get("Content-Type"))[0] !== "application/json") {
    throw new MockError(415, "UNSUPPORTED_MEDIA_TYPE", "A request body must be sent as application/json.");
  }
  const body = await readJson(request, context.maxBodyBytes);
  checkMockRequest(operation, match.pathParams, body);
  const route = findRoute(operation);
  if (!route) throw new MockError(501, "NOT_IMPLEMENTED", `The mock does not implement ${operation.operationId}.`);
  const result = route({ ...context, surface, operation, params: Object.values(match.pathParams), body, url });
  return success(operation, version, result, url);
}

function pickSurface({ surfaces, publicApi, principal, state }: ServeContext): Surface {
  if (surfaces.length === 1 && surfaces[0]) return surfaces[0];
  if (publicApi !== "by-credential") return publicApi;
  const globalOwner = principal.kind === "apiKey" && state.apiKeys.get(principal.publicKey)?.globalOwner;
  return globalOwner ? "ops-manager" : "cloud-manager";
}

function unmatched(surface: Surface, method: string, pathname: string): MockError {
  const allowed = METHODS.filter((other) => other !== method.toUpperCase() && matchOperation([surface], other, pathname));
  if (allowed.length > 0) return new MockError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on ${pathname}; use ${allowed.join(" or ")}.`);
  return new MockError(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${pathname}.`);
}

async function readJson(request: Request, maxBodyBytes: number): Promise<unknown> {
  const bytes = request.body === null ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
  let text: string;
  try {
    // Fatal: a body that is not UTF-8 is refused rather than stored with U+FFFD in it.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new MockError(400, "INVALID_JSON", "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MockError(400, "INVALID_JSON", "The request body is not valid JSON.");
  }
}

function success(operation: OperationInfo, version: OperationVersion | undefined, result: RouteResult, url: URL): Response {
  const headers = new Headers({ "Content-Type": version ? mediaType(version) : "application/json" });
  if (version?.sunset) {
    headers.set("Deprecation", "true");
    headers.set("Sunset", new Date(`${version.sunset}T00:00:00Z`).toUTCString());
  }
  const status = operation.successStatus;
  if (status === 204) return new Response(null, { status, headers });
  const body = "list" in result ? pageOf(result.list, url) : (result.body ?? {});
  return new Response(JSON.stringify(body), { status, headers });
}
