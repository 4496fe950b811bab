/**
 * The spec's request rules, checked the way Atlas reports them: 400 with
 * `badRequestDetail.fields` and the most specific `errorCode` the documents name.
 *
 * @module
 */
import type { OperationInfo } from "../../../generated/operations.js";
import { checkSchema, type SchemaIssue } from "../../operations/check-schema.js";
import { MockError } from "./mock-error.js";

/**
 * Checks path parameters against their patterns and the body against the operation's
 * schema; throws a {@link MockError} with every problem found.
 */
export function checkMockRequest(operation: OperationInfo, pathParams: Readonly<Record<string, string>>, body: unknown): void {
  const pathIssues = Object.entries(operation.pathParams).flatMap(([name, { pattern }]) =>
    pattern === undefined ? [] : checkSchema({ type: "string", pattern }, pathParams[name], name),
  );
  const bodyIssues = operation.requestBody ? checkSchema(operation.requestBody, body) : [];
  if (operation.requestBody && body === undefined) bodyIssues.push({ field: "", rule: "required", message: "A request body is required." });
  const issues = [...pathIssues, ...bodyIssues];
  const first = issues[0];
  if (!first) return;
  throw new MockError(
    400,
    errorCodeOf(operation, first),
    issues.map((issue) => issue.message).join("; "),
    issues.map((issue) => ({ field: issue.field, description: issue.message })),
  );
}

/** INVALID_EMAIL_ADDRESS for an email, INVALID_ORG_NAME / INVALID_TEAM_NAME for a name, else INVALID_ATTRIBUTE. */
function errorCodeOf(operation: OperationInfo, issue: SchemaIssue): string {
  // The only format the request checks read is `email`.
  if (issue.rule === "format") return "INVALID_EMAIL_ADDRESS";
  if (issue.field === "name" && /\/teams(\/\{[^}]+\})?$/.test(operation.path)) return "INVALID_TEAM_NAME";
  if (issue.field === "name" && /\/orgs(\/\{[^}]+\})?$/.test(operation.path)) return "INVALID_ORG_NAME";
  return "INVALID_ATTRIBUTE";
}
