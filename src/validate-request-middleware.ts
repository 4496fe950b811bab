import type { Middleware } from "openapi-fetch";
import type { OperationInfo, Surface } from "../generated/operations.js";
import { AtlasValidationError } from "./atlas-validation-error.js";
import { checkSchema, type SchemaIssue } from "./check-schema.js";
import { findOperation } from "./find-operation.js";
import { rememberOperation } from "./request-operation.js";

/** Options of {@link validateRequestMiddleware}. */
export interface ValidateRequestOptions {
  readonly surfaces: readonly Surface[];
  /** Check request bodies too (default true); path parameters are always checked. */
  readonly checkBodies?: boolean | undefined;
}

/**
 * Refuses bad input before anything is sent: path parameters against the spec's patterns
 * (and never empty, `.` or `..`, which would change the path), request bodies against the
 * spec's rules as generated into the operations table. Throws {@link AtlasValidationError}.
 * Registered last, it also tells the layers below which operation the request is for.
 */
export function validateRequestMiddleware(options: ValidateRequestOptions): Middleware {
  return {
    async onRequest({ request, schemaPath, params }) {
      const operation = findOperation(options.surfaces, request.method, schemaPath);
      if (!operation) return undefined;
      rememberOperation(request, operation);
      const issues = checkPathParams(operation, (params as { path?: Record<string, unknown> }).path ?? {});
      if (options.checkBodies !== false && operation.requestBody && request.body !== null) {
        issues.push(...checkSchema(operation.requestBody, await readJson(request), "body"));
      }
      const [first, ...rest] = issues;
      if (first) throw new AtlasValidationError(operation.operationId, [first, ...rest]);
      return undefined;
    },
  };
}

function checkPathParams(operation: OperationInfo, values: Record<string, unknown>): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const [name, { pattern }] of Object.entries(operation.pathParams)) {
    const field = `path.${name}`;
    const value = values[name];
    if (typeof value !== "string" && typeof value !== "number") {
      issues.push({ field, rule: "required", message: `${field} is required` });
    } else if (String(value) === "" || String(value) === "." || String(value) === "..") {
      issues.push({ field, rule: "segment", message: `${field} must not be empty, "." or ".."` });
    } else if (pattern) {
      issues.push(...checkSchema({ type: "string", pattern }, String(value), field));
    }
  }
  return issues;
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.clone().text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
