import type { SchemaIssue } from "../operations/check-schema.js";

/**
 * Bad input, caught before anything was sent: a path parameter or request body that breaks
 * a rule of the spec. `field` and `rule` name the first problem; `issues` lists them all.
 * Values are never quoted, so a secret in a bad body does not leak through the message.
 */
export class AtlasValidationError extends Error {
  override readonly name = "AtlasValidationError";
  /** The operation whose input was refused. */
  readonly operationId: string;
  /** The first field that broke a rule (`body.serviceAccount.roles`, `path.orgId`). */
  readonly field: string;
  /** The rule it broke (`required`, `pattern`, `maxLength`, `format`, `not`, …). */
  readonly rule: string;
  /** Every problem found. */
  readonly issues: readonly SchemaIssue[];
  /** Always `false`: nothing was sent. */
  readonly mayHaveActed = false;

  constructor(operationId: string, issues: readonly [SchemaIssue, ...SchemaIssue[]]) {
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).map((i) => i.field).join(", ")})` : "";
    super(`${operationId}: ${first.message}${more}; nothing was sent`);
    this.operationId = operationId;
    this.field = first.field;
    this.rule = first.rule;
    this.issues = issues;
  }

  /** The plain fields, for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}
