/**
 * The type guard users key error handling on: `isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")`.
 *
 * @module
 */

import { AtlasApiError } from "./atlas-api-error.js";
import type { ErrorCode } from "./error-codes.js";

/**
 * Whether `e` is an {@link AtlasApiError}, and, given a code, whether it carries that
 * `errorCode` (narrowing `e.errorCode` to the literal).
 *
 * An error made by another copy of this package (two versions in one `node_modules`)
 * fails `instanceof`, so an object with the same name and shape counts too.
 *
 * @example
 * ```ts
 * if (isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")) return getOrgTeamByName(name);
 * ```
 */
export function isAtlasApiError(e: unknown): e is AtlasApiError;
export function isAtlasApiError<C extends ErrorCode>(e: unknown, code: C): e is AtlasApiError<C>;
export function isAtlasApiError(e: unknown, code?: ErrorCode): boolean {
  return looksLikeAtlasApiError(e) && (code === undefined || e.errorCode === code);
}

function looksLikeAtlasApiError(e: unknown): e is AtlasApiError {
  if (e instanceof AtlasApiError) return true;
  if (!(e instanceof Error) || e.name !== "AtlasApiError") return false;
  const fields = e as Partial<Record<"status" | "errorCode", unknown>>;
  return typeof fields.status === "number" && typeof fields.errorCode === "string";
}
