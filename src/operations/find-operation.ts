import { operations, type OperationInfo, type Surface } from "../../generated/operations.js";

/**
 * The operation with this method and schema path (as openapi-fetch's middleware sees it)
 * on one of the given surfaces.
 */
export function findOperation(
  surfaces: readonly Surface[],
  method: string,
  schemaPath: string,
): OperationInfo | undefined {
  const upper = method.toUpperCase();
  return operations.find((op) => op.path === schemaPath && op.method === upper && surfaces.includes(op.surface));
}
