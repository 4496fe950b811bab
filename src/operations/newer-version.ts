import type { OperationInfo } from "../../generated/operations.js";

/**
 * What to move to from `version` of an operation: a later version of the same operation,
 * or the operation that replaces it. `undefined` when the spec names nothing newer.
 */
export function newerVersion(operation: OperationInfo, version: string | undefined): string | undefined {
  const later = operation.versions.filter((v) => version === undefined || v.version > version);
  const newest = later.at(-1);
  if (newest && !newest.sunset) return `version ${newest.version}`;
  return operation.replacedBy ? `operation ${operation.replacedBy}` : newest && `version ${newest.version}`;
}
