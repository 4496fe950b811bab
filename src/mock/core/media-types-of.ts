/**
 * Reading media types out of `Accept` and `Content-Type` values.
 *
 * @module
 */

/**
 * The media types a header value names, in order, lower-cased and without parameters
 * (`application/json; charset=utf-8` → `application/json`); empty for a missing header.
 */
export function mediaTypesOf(header: string | null): string[] {
  return (header ?? "")
    .split(",")
    .map((part) => (part.split(";")[0] ?? "").trim().toLowerCase())
    .filter((type) => type !== "");
}
