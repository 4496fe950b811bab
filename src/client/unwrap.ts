import { AtlasApiError } from "../errors/atlas-api-error.js";
import { operationOf, requestOf } from "../middleware/call-info.js";
import { newerVersion } from "../operations/newer-version.js";
import { versionOf } from "../middleware/version-middleware.js";

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
function errorOf({ response, error }: CallResult): AtlasApiError {
  const request = requestOf(response);
  const operation = operationOf(request);
  const version = request && versionOf(request);
  let hint: string | undefined;
  if (response.status === 410 && operation) {
    const code = (error as { errorCode?: unknown } | undefined)?.errorCode ?? 410;
    const newer = newerVersion(operation, version);
    hint = `${operation.operationId}${version ? ` version ${version}` : ""} is gone${code === "VERSION_GONE" ? "" : ` (${code})`}${newer ? `; move to ${newer}` : ""}`;
  }
  return AtlasApiError.fromBody(error, {
    status: response.status,
    method: request?.method ?? "",
    url: request?.url ?? response.url,
    response,
    operationId: operation?.operationId,
    hint,
  });
}
