/**
 * Which version of a v2 operation answers a call, resolved from the dates in `Accept` and
 * `Content-Type` the way Atlas resolves them.
 *
 * @module
 */
import type { OperationInfo, OperationVersion } from "../../../generated/operations.js";
import { newerVersion } from "../../operations/newer-version.js";
import { mediaTypesOf } from "./media-types-of.js";
import { MockError } from "./mock-error.js";

const VERSIONED = /^application\/vnd\.atlas\.(.*)\+json$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The version a v2 request is served in: for the first `application/vnd.atlas.YYYY-MM-DD+json`
 * in `Accept` whose date resolves, the newest version of the operation dated on or before
 * that date (a client may send one date for every call). Throws a {@link MockError}: 406
 * `INVALID_VERSION_DATE` when no date resolves (none sent, `*` or plain `application/json`, a
 * malformed date, a date before the first version), 410 `VERSION_GONE` when `today`
 * (`YYYY-MM-DD`, the mock's clock) is past the served version's sunset, and 415 when a body
 * comes as neither `application/json` nor a versioned type whose date resolves.
 */
export function negotiateVersion(operation: OperationInfo, request: Request, today: string): OperationVersion {
  const version = mediaTypesOf(request.headers.get("Accept"))
    .map((type) => resolveDate(operation, VERSIONED.exec(type)?.[1]))
    .find((resolved) => resolved !== undefined);
  if (!version) {
    const offered = sorted(operation).map((v) => v.version);
    throw new MockError(
      406,
      "INVALID_VERSION_DATE",
      `Invalid accept header or version date. ${operation.operationId} has versions ${offered.join(", ")}: send Accept: application/vnd.atlas.YYYY-MM-DD+json with a date on or after ${offered[0]}.`,
    );
  }
  if (version.sunset !== undefined && today > version.sunset) {
    const next = newerVersion(operation, version.version);
    throw new MockError(410, "VERSION_GONE", `Version ${version.version} of ${operation.operationId} was retired on ${version.sunset}${next ? `; use ${next}` : ""}.`);
  }
  if (request.body !== null && !acceptsBody(operation, request.headers.get("Content-Type"))) {
    throw new MockError(415, "UNSUPPORTED_MEDIA_TYPE", `A request body must be sent as application/json or application/vnd.atlas.YYYY-MM-DD+json.`);
  }
  return version;
}

/** `application/vnd.atlas.YYYY-MM-DD+json`. */
export function mediaType(version: OperationVersion): string {
  return `application/vnd.atlas.${version.version}+json`;
}

function acceptsBody(operation: OperationInfo, contentType: string | null): boolean {
  const [type] = mediaTypesOf(contentType);
  if (type === "application/json") return true;
  return resolveDate(operation, type === undefined ? undefined : VERSIONED.exec(type)?.[1]) !== undefined;
}

/** The newest version dated on or before `date`; undefined for a date that is no calendar date. */
function resolveDate(operation: OperationInfo, date: string | undefined): OperationVersion | undefined {
  if (date === undefined || !isCalendarDate(date)) return undefined;
  return sorted(operation).filter((offered) => offered.version <= date).at(-1);
}

function isCalendarDate(text: string): boolean {
  const parts = DATE.exec(text);
  if (!parts) return false;
  const day = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  return day.toISOString().slice(0, 10) === text;
}

function sorted(operation: OperationInfo): OperationVersion[] {
  return [...operation.versions].sort((a, b) => a.version.localeCompare(b.version));
}
