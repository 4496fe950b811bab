import type { OperationInfo } from "../generated/operations.js";

const operationsByRequest = new WeakMap<Request, OperationInfo>();

/** Remembers which operation of the table a request is for (set by the client's middleware). */
export function rememberOperation(request: Request, operation: OperationInfo): void {
  operationsByRequest.set(request, operation);
}

/** The operation a request is for, when it was built by a client of this package. */
export function operationOfRequest(request: Request): OperationInfo | undefined {
  return operationsByRequest.get(request);
}
