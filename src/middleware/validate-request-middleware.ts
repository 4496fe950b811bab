import type { Middleware } from "openapi-fetch";
import type { Surface } from "../../generated/operations.js";
import { AtlasValidationError } from "../errors/atlas-validation-error.js";
import { rememberOperation } from "./call-info.js";
import { checkSchema, issue, type SchemaIssue } from "../operations/check-schema.js";
import { findOperation } from "../operations/find-operation.js";
import { jsonOrText } from "../util/json-or-text.js";

/** Options of {@link validateRequestMiddleware}. */
export interface ValidateRequestOptions {
  readonly surfaces: readonly Surface[];
  /** Check request bodies too (default true); path parameters are always checked. */
  readonly checkBodies?: boolean | undefined;
}

/**
 * Refuses bad input before anything is sent: path parameters against the spec's patterns
 * (and never empty, `.` or `..`, which would change the path), request bodies against the
 * spec's rules as generated into the operations table, and a request sent without the body
 * its operation requires (whatever `checkBodies` says). Throws {@link AtlasValidationError}.
 * Registered before the version middleware, it tells it and the layers below which
 * operation the request is for.
 */
export function validateRequestMiddleware({ surfaces, checkBodies }: ValidateRequestOptions): Middleware {
  return {
    async onRequest({ request, schemaPath, params }) {
      const operation = findOperation(surfaces, request.method, schemaPath);
      if (!operation) return undefined;
      rememberOperation(request, operation);
      const values: Record<string, unknown> = (params as { path?: Record<string, unknown> }).path ?? {};
      const issues: SchemaIssue[] = [];
      for (const [name, { pattern }] of Object.entries(operation.pathParams)) {
        const field = `path.${name}`;
        const value = values[name];
        if (typeof value !== "string" && typeof value !== "number") issues.push(issue(field, "required", "is required"));
        else if (/^\.{0,2}$/.test(`${value}`)) issues.push(issue(field, "segment", 'must not be empty, "." or ".."'));
        else issues.push(...checkSchema({ pattern }, `${value}`, field));
      }
      // Every request body of these APIs is required by the spec: none at all is refused too.
      if (operation.requestBody && request.body === null) issues.push(issue("body", "required", "is required"));
      else if (checkBodies !== false && operation.requestBody && request.body) {
        // Not JSON: checked as the text it is.
        issues.push(...checkSchema(operation.requestBody, jsonOrText(await request.clone().text()), "body"));
      }
      const [first, ...rest] = issues;
      if (first) throw new AtlasValidationError(operation.operationId, [first, ...rest]);
      return undefined;
    },
  };
}
