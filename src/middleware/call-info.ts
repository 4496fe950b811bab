/**
 * What the client knew about a call: which operation of the table a request is for (set
 * by the request checks, read by the retry layer) and which request a response answers
 * (read by `unwrap` and `paginate` to name the operation and version in errors).
 *
 * @module
 */
import type { Middleware } from "openapi-fetch";
import type { OperationInfo } from "../../generated/operations.js";

const operationsByRequest = new WeakMap<Request, OperationInfo>();
const requestsByResponse = new WeakMap<Response, Request>();

/** Remembers which operation of the table a request is for. */
export function rememberOperation(request: Request, operation: OperationInfo): void {
  operationsByRequest.set(request, operation);
}

/** The operation a request is for, when it was built by a client of this package. */
export function operationOf(request: Request | undefined): OperationInfo | undefined {
  return request && operationsByRequest.get(request);
}

/** The request a response answers, when it came through a client of this package. */
export function requestOf(response: Response): Request | undefined {
  return requestsByResponse.get(response);
}

/**
 * Records, for each final response, the request it answers. Registered first, so its
 * `onResponse` runs last and sees the response the caller gets.
 */
export function callInfoMiddleware(): Middleware {
  return {
    onResponse({ request, response }) {
      requestsByResponse.set(response, request);
      return undefined;
    },
  };
}
