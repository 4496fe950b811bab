import type { RequestSchema } from "../generated/operations.js";

/** One rule a value breaks. */
export interface SchemaIssue {
  /** Dotted path of the field (`serviceAccount.roles[0]`); `""` for the body itself. */
  readonly field: string;
  /** The JSON Schema keyword that failed: `required`, `maxLength`, `pattern`, `format`, … */
  readonly rule: string;
  /** A sentence naming the field and the rule. */
  readonly message: string;
}

// RFC 5322 in full is not worth it; this is the shape Atlas itself accepts: local@domain.tld.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/u;
const patternCache = new Map<string, RegExp>();

/**
 * Checks a value against the JSON Schema subset the spec uses for request bodies and path
 * parameters, and returns every rule it breaks (an empty array when it is valid).
 */
export function checkSchema(schema: RequestSchema, value: unknown, field = ""): SchemaIssue[] {
  if (value === undefined) return [];
  const typeIssue = checkType(schema, value, field);
  if (typeIssue) return [typeIssue];
  return [
    ...checkEnum(schema, value, field),
    ...(typeof value === "string" ? checkString(schema, value, field) : []),
    ...(typeof value === "number" ? checkNumber(schema, value, field) : []),
    ...(Array.isArray(value) ? checkArray(schema, value, field) : []),
    ...(isObject(value) ? checkObject(schema, value, field) : []),
  ];
}

function issue(field: string, rule: string, message: string): SchemaIssue {
  return { field, rule, message: `${field || "body"} ${message}` };
}

function checkType(schema: RequestSchema, value: unknown, field: string): SchemaIssue | undefined {
  const { type } = schema;
  if (type === undefined) return undefined;
  const ok =
    type === "array"
      ? Array.isArray(value)
      : type === "object"
        ? isObject(value)
        : type === "integer"
          ? Number.isInteger(value)
          : typeof value === type;
  return ok ? undefined : issue(field, "type", `must be ${type === "integer" ? "an integer" : `a${/^[aeiou]/.test(type) ? "n" : ""} ${type}`}`);
}

function checkEnum(schema: RequestSchema, value: unknown, field: string): SchemaIssue[] {
  if (schema.const !== undefined && value !== schema.const) {
    return [issue(field, "const", `must be ${JSON.stringify(schema.const)}`)];
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return [issue(field, "enum", `must be one of ${schema.enum.join(", ")}`)];
  }
  return [];
}

function checkString(schema: RequestSchema, value: string, field: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push(issue(field, "minLength", `must have at least ${schema.minLength} character(s)`));
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push(issue(field, "maxLength", `must have at most ${schema.maxLength} characters`));
  }
  if (schema.pattern !== undefined && !compile(schema.pattern).test(value)) {
    out.push(issue(field, "pattern", `must match ${schema.pattern}`));
  }
  if (schema.format === "email" && !EMAIL.test(value)) {
    out.push(issue(field, "format", "must be an email address"));
  }
  return out;
}

function checkNumber(schema: RequestSchema, value: number, field: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  if (schema.minimum !== undefined && value < schema.minimum) {
    out.push(issue(field, "minimum", `must be at least ${schema.minimum}`));
  }
  if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    out.push(issue(field, "exclusiveMinimum", `must be greater than ${schema.exclusiveMinimum}`));
  }
  if (schema.maximum !== undefined && value > schema.maximum) {
    out.push(issue(field, "maximum", `must be at most ${schema.maximum}`));
  }
  return out;
}

function checkArray(schema: RequestSchema, value: readonly unknown[], field: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    out.push(issue(field, "minItems", `must have at least ${schema.minItems} item(s)`));
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    out.push(issue(field, "maxItems", `must have at most ${schema.maxItems} items`));
  }
  if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
    out.push(issue(field, "uniqueItems", "must not repeat an item"));
  }
  const { items, contains } = schema;
  if (items) value.forEach((item, i) => out.push(...checkSchema(items, item, `${field}[${i}]`)));
  if (contains && !value.some((item) => checkSchema(contains, item).length === 0)) {
    out.push(issue(field, "contains", `must contain an item that is ${describe(contains)}`));
  }
  return out;
}

function checkObject(schema: RequestSchema, value: Record<string, unknown>, field: string): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const prefix = field ? `${field}.` : "";
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) out.push(issue(`${prefix}${name}`, "required", "is required"));
  }
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    out.push(...checkSchema(sub, value[name], `${prefix}${name}`));
  }
  const not = schema.not;
  if (not?.required && not.required.every((name) => value[name] !== undefined)) {
    const names = not.required.map((name) => `${prefix}${name}`);
    out.push({
      field: names.join(","),
      rule: "not",
      message: `${names.join(" and ")} cannot both be given${not.description ? ` (${not.description})` : ""}`,
    });
  }
  return out;
}

function describe(schema: RequestSchema): string {
  const constants = Object.entries(schema.properties ?? {})
    .filter(([, sub]) => sub.const !== undefined)
    .map(([name, sub]) => `${name}: ${JSON.stringify(sub.const)}`);
  return schema.description ?? (constants.length ? `{ ${constants.join(", ")} }` : "valid");
}

function compile(pattern: string): RegExp {
  let regex = patternCache.get(pattern);
  if (!regex) {
    // The spec's patterns use Unicode property classes (\p{L}); they need the `u` flag.
    regex = new RegExp(pattern, "u");
    patternCache.set(pattern, regex);
  }
  return regex;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
