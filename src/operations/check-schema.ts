import type { RequestSchema } from "../../generated/operations.js";

/** One rule a value breaks. */
export interface SchemaIssue {
  /** Dotted path of the field (`serviceAccount.roles[0]`); `""` for the body itself. */
  readonly field: string;
  /** The JSON Schema keyword that failed: `required`, `maxLength`, `pattern`, `format`, … */
  readonly rule: string;
  /** A sentence naming the field and the rule. */
  readonly message: string;
}

/** The issue of `field` breaking `rule`; the message starts with the field (`body` for the body itself). */
export function issue(field: string, rule: string, message: string): SchemaIssue {
  return { field, rule, message: `${field || "body"} ${message}` };
}

// RFC 5322 in full is not worth it; this is the shape Atlas itself accepts: local@domain.tld.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[^\s@"(),:;<>[\\\]]+$/u;

/**
 * Checks a value against the JSON Schema subset the spec uses for request bodies and path
 * parameters, and returns every rule it breaks (an empty array when it is valid).
 */
export function checkSchema(schema: RequestSchema, value: unknown, field = ""): SchemaIssue[] {
  if (value === undefined) return [];
  const { type, items, contains, not, oneOf } = schema;
  const isObject = value instanceof Object && !Array.isArray(value);
  const typeOk =
    type === "array" ? Array.isArray(value)
    : type === "object" ? isObject
    : type === "integer" ? Number.isInteger(value)
    : !type || typeof value === type;
  if (!typeOk) return [issue(field, "type", `must be a${/^[aeio]/.test(type ?? "") ? "n" : ""} ${type}`)];

  const out: SchemaIssue[] = [];
  const fail = (rule: string, message: string): void => void out.push(issue(field, rule, message));
  const { minimum, exclusiveMinimum, maximum, minLength, maxLength, minItems, maxItems, pattern } = schema;
  if (schema.const !== undefined && value !== schema.const) fail("const", `must be ${JSON.stringify(schema.const)}`);
  else if (schema.enum && !schema.enum.includes(value)) fail("enum", `must be one of ${schema.enum.join(", ")}`);
  if (typeof value === "string") {
    const length = [...value].length;
    if (minLength !== undefined && length < minLength) fail("minLength", `must have at least ${minLength} character(s)`);
    if (maxLength !== undefined && length > maxLength) fail("maxLength", `must have at most ${maxLength} characters`);
    // The spec's patterns use Unicode property classes (\p{L}); they need the `u` flag.
    if (pattern !== undefined && !new RegExp(pattern, "u").test(value)) fail("pattern", `must match ${pattern}`);
    if (schema.format === "email" && !EMAIL.test(value)) fail("format", "must be an email address");
  }
  if (typeof value === "number") {
    if (minimum !== undefined && value < minimum) fail("minimum", `must be at least ${minimum}`);
    if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) fail("exclusiveMinimum", `must be greater than ${exclusiveMinimum}`);
    if (maximum !== undefined && value > maximum) fail("maximum", `must be at most ${maximum}`);
  }
  if (Array.isArray(value)) {
    if (minItems !== undefined && value.length < minItems) fail("minItems", `must have at least ${minItems} item(s)`);
    if (maxItems !== undefined && value.length > maxItems) fail("maxItems", `must have at most ${maxItems} items`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size < value.length) fail("uniqueItems", "must not repeat an item");
    if (items) value.forEach((item, i) => out.push(...checkSchema(items, item, `${field}[${i}]`)));
    if (contains && !value.some((item) => !checkSchema(contains, item).length)) {
      const constants = Object.entries(contains.properties ?? {})
        .filter(([, sub]) => sub.const !== undefined)
        .map(([name, sub]) => `${name}: ${JSON.stringify(sub.const)}`);
      fail("contains", `must contain an item that is ${contains.description ?? (constants.length ? `{ ${constants.join(", ")} }` : "valid")}`);
    }
  }
  if (isObject) {
    const object = value as Record<string, unknown>;
    const prefix = field ? `${field}.` : "";
    for (const name of schema.required ?? []) {
      if (object[name] === undefined) out.push(issue(prefix + name, "required", "is required"));
    }
    for (const [name, sub] of Object.entries(schema.properties ?? {})) out.push(...checkSchema(sub, object[name], prefix + name));
    if (not?.required?.every((name) => object[name] !== undefined)) {
      const names = not.required.map((name) => prefix + name);
      const why = not.description ? ` (${not.description})` : "";
      out.push({ field: `${names}`, rule: "not", message: `${names.join(" and ")} cannot both be given${why}` });
    }
  }
  const matched = oneOf?.filter((branch) => !checkSchema(branch, value).length).length;
  if (oneOf && matched !== 1) {
    // A branch is named by what it says or, for "give this field", by its required fields.
    const names = oneOf.map((branch, i) => branch.description ?? branch.required?.join(" and ") ?? `option ${i + 1}`);
    fail("oneOf", `must have exactly one of ${names.join(", ")} (it has ${matched ? "more than one" : "none"})`);
  }
  return out;
}
