/**
 * Which media-type version a v2 call asked for, checked against the operations table.
 *
 * @module
 */
import type { OperationInfo, OperationVersion } from "../../../generated/operations.js";
import { newerVersion } from "../../operations/newer-version.js";
import { MockError } from "./mock-error.js";

const VERSIONED = /application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json/g;

/**
 * The version a v2 request asked for in `Accept`. Throws a {@link MockError}: 406
 * `INVALID_VERSION_DATE` (the code Atlas answers, "Invalid accept header or version date")
 * when there is none or the operation lacks it, 410 `VERSION_GONE` when `today`
 * (`YYYY-MM-DD`, the mock's clock) is past the version's sunset, and 415 when a body comes
 * without the same versioned `Content-Type`.
 */
export function negotiateVersion(operation: OperationInfo, request: Request, today: string): OperationVersion {
  const asked = [...(request.headers.get("Accept") ?? "").matchAll(VERSIONED)].map((match) => match[1]);
  const version = operation.versions.find((offered) => asked.includes(offered.version));
  if (!version) {
    const offered = operation.versions.map((v) => v.version).join(", ");
    throw new MockError(406, "INVALID_VERSION_DATE", `Invalid accept header or version date. ${operation.operationId} accepts application/vnd.atlas.{${offered}}+json.`);
  }
  if (version.sunset !== undefined && today > version.sunset) {
    const next = newerVersion(operation, version.version);
    throw new MockError(410, "VERSION_GONE", `Version ${version.version} of ${operation.operationId} was retired on ${version.sunset}${next ? `; use ${next}` : ""}.`);
  }
  if (request.body !== null && !(request.headers.get("Content-Type") ?? "").includes(mediaType(version))) {
    throw new MockError(415, "UNSUPPORTED_MEDIA_TYPE", `A request body must be sent as ${mediaType(version)}.`);
  }
  return version;
}

/** `application/vnd.atlas.YYYY-MM-DD+json`. */
export function mediaType(version: OperationVersion): string {
  return `application/vnd.atlas.${version.version}+json`;
}
