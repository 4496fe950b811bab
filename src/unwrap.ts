import { AtlasApiError } from "./atlas-api-error.js";
import { callInfoOf } from "./call-info.js";
import { newerVersion } from "./newer-version.js";

/** What every client call resolves to (openapi-fetch's shape). */
export interface CallResult<D = unknown, E = unknown> {
  readonly data?: D;
  readonly error?: E;
  readonly response: Response;
}

/** `data` of a successful call; `undefined` for an answer without a body (204). */
export type Unwrapped<R> = R extends { data: infer D } ? ([D] extends [never] ? undefined : Exclude<D, undefined>) : never;

/**
 * Returns `data` of a successful call, or throws an {@link AtlasApiError} built from the
 * error answer. A `410 VERSION_GONE` names the operation and what to move to.
 *
 * @example
 * ```ts
 * const team = unwrap(await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params, body }));
 * ```
 */
export function unwrap<R extends CallResult>(result: R): Unwrapped<R> {
  const { response } = result;
  if (result.error === undefined && response.ok) return result.data as Unwrapped<R>;
  throw errorOf(result);
}

/** The {@link AtlasApiError} for a failed call's result. */
export function errorOf(result: CallResult): AtlasApiError {
  const { response } = result;
  const info = callInfoOf(response);
  const operation = info?.operation;
  const body = result.error as { errorCode?: unknown } | undefined;
  const gone = response.status === 410 && operation !== undefined;
  const newer = gone ? newerVersion(operation, info?.version) : undefined;
  return AtlasApiError.fromBody(result.error, {
    status: response.status,
    method: info?.method ?? "",
    url: info?.url ?? response.url,
    response,
    operationId: operation?.operationId,
    hint: gone
      ? `${operation.operationId}${info?.version ? ` version ${info.version}` : ""} is gone${body?.errorCode === "VERSION_GONE" ? "" : ` (${String(body?.errorCode ?? "410")})`}${newer ? `; move to ${newer}` : ""}`
      : undefined,
  });
}
