import type { Middleware } from "openapi-fetch";
import type { Surface } from "../generated/operations.js";
import { recordCallInfo } from "./call-info.js";
import { findOperation } from "./find-operation.js";

const VERSIONED = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;

/**
 * Records, for each final response, which operation and version it answers, so that
 * `unwrap` and `paginate` can name them in errors. Registered first, so its `onResponse`
 * runs last and sees the response the caller gets.
 */
export function callInfoMiddleware(surfaces: readonly Surface[]): Middleware {
  return {
    onResponse({ request, response, schemaPath }) {
      recordCallInfo(response, {
        method: request.method,
        url: request.url,
        operation: findOperation(surfaces, request.method, schemaPath),
        version: VERSIONED.exec(request.headers.get("Accept") ?? "")?.[1],
      });
      return undefined;
    },
  };
}
