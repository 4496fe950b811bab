import { DriftInputError } from "./drift-input-error.js";
import type { OpenApiDocument } from "./load-official-spec.js";

type Json = Record<string, unknown>;

/**
 * A schema as a user of the API sees it: `$ref`s followed, `allOf` merged, `oneOf`/`anyOf`
 * branches folded together, and OpenAPI 3.0's `nullable: true` and 3.1's `type: [x, "null"]`
 * read as the same thing.
 */
export interface SchemaView {
  readonly type?: string;
  readonly nullable: boolean;
  /** enum (sorted), pattern, formats other than numeric widths, min/max length, value and items. */
  readonly constraints: Readonly<Record<string, unknown>>;
  readonly properties: Readonly<Record<string, SchemaView>>;
  readonly required: readonly string[];
  readonly items?: SchemaView;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
}

const CONSTRAINTS = ["enum", "pattern", "format", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems"] as const;
// int32, int64, float and double say how wide a number is stored; a caller sends and reads the same JSON number.
const NUMERIC_FORMATS = new Set(["int32", "int64", "float", "double"]);
// Deeper than any answer of these APIs; stops a self-referencing schema that no `$ref` names twice.
const MAX_DEPTH = 24;

/** Builds the {@link SchemaView} of a schema of `doc`. */
export function viewSchema(schema: unknown, doc: OpenApiDocument): SchemaView {
  return view([schema], doc, new Set(), 0);
}

/** Follows a local `$ref` (`#/…`) chain to the object it names. */
export function resolveRef(value: unknown, doc: OpenApiDocument): unknown {
  let current = value;
  for (let hops = 0; hops < 32; hops++) {
    const ref = (current as Json | null | undefined)?.$ref;
    if (typeof ref !== "string") return current;
    if (!ref.startsWith("#/")) throw new DriftInputError(`$ref ${ref}: only references inside the document (#/…) are followed`);
    current = ref
      .slice(2)
      .split("/")
      .map((part) => decodeURIComponent(part.replace(/~1/g, "/").replace(/~0/g, "~")))
      .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], doc);
    if (current === undefined) throw new DriftInputError(`$ref ${ref} points at nothing`);
  }
  throw new DriftInputError("a $ref chain is longer than 32 steps");
}

// `schemas` are read together as if under one allOf. `open` holds the $refs being expanded on the
// way here, so that a recursive schema stops instead of looping.
function view(schemas: readonly unknown[], doc: OpenApiDocument, open: ReadonlySet<string>, depth: number): SchemaView {
  const parts: Json[] = [];
  const branches: Json[][] = [];
  let inner = open;
  const gather = (schema: unknown, into: Json[]): void => {
    let s = schema as Json | undefined;
    const seen: string[] = [];
    while (s && typeof s.$ref === "string") {
      if (inner.has(s.$ref)) return;
      seen.push(s.$ref);
      const target = resolveRef({ $ref: s.$ref }, doc) as Json;
      // 3.1 allows siblings of $ref (a description, mostly); keep them beside the target.
      const { $ref: _ref, ...siblings } = s;
      if (Object.keys(siblings).length > 0) into.push(siblings);
      s = target;
    }
    if (seen.length > 0) inner = new Set([...inner, ...seen]);
    if (!s || typeof s !== "object") return;
    into.push(s);
    for (const sub of asArray(s.allOf)) gather(sub, into);
    for (const key of ["oneOf", "anyOf"] as const) {
      const list = asArray(s[key]);
      if (list.length > 0) branches.push(list.map((b) => (b as Json)));
    }
  };
  for (const schema of schemas) gather(schema, parts);
  // A branch's properties are ones the caller may see; a field is required only when every branch requires it.
  const branchParts = branches.map((list) =>
    list.map((branch) => {
      const into: Json[] = [];
      gather(branch, into);
      return into;
    }),
  );
  const all = [...parts, ...branchParts.flat(2)];

  const types = all.flatMap((p) => (Array.isArray(p.type) ? p.type : p.type === undefined ? [] : [p.type])).map(String);
  const nonNull = types.filter((t) => t !== "null");
  const propertyLists = new Map<string, unknown[]>();
  for (const p of all) {
    for (const [name, sub] of Object.entries((p.properties ?? {}) as Json)) propertyLists.set(name, [...(propertyLists.get(name) ?? []), sub]);
  }
  const itemLists = all.flatMap((p) => (p.items === undefined ? [] : [p.items]));
  const type = nonNull[0] ?? (propertyLists.size > 0 ? "object" : itemLists.length > 0 ? "array" : undefined);

  const required = new Set(parts.flatMap((p) => asArray(p.required).map(String)));
  for (const list of branchParts) {
    const each = list.map((into) => new Set(into.flatMap((p) => asArray(p.required).map(String))));
    for (const name of each[0] ?? []) if (each.every((set) => set.has(name))) required.add(name);
  }

  const deeper = depth + 1 >= MAX_DEPTH;
  return {
    ...(type === undefined ? {} : { type }),
    nullable: types.includes("null") || all.some((p) => p.nullable === true),
    constraints: type === "integer" ? integerBounds(constraintsOf(all)) : constraintsOf(all),
    properties: deeper ? {} : Object.fromEntries([...propertyLists].map(([name, list]) => [name, view(list, doc, inner, depth + 1)])),
    required: [...required].sort(),
    ...(itemLists.length > 0 && !deeper ? { items: view(itemLists, doc, inner, depth + 1) } : {}),
    readOnly: all.some((p) => p.readOnly === true),
    writeOnly: all.some((p) => p.writeOnly === true),
  };
}

function constraintsOf(parts: readonly Json[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of parts) {
    for (const key of CONSTRAINTS) {
      if (out[key] !== undefined || p[key] === undefined) continue;
      const value = p[key];
      if (key === "format" && NUMERIC_FORMATS.has(String(value))) continue;
      if (key === "pattern") out[key] = normalizePattern(String(value));
      else if (key === "enum") out[key] = [...(value as unknown[])].map((v) => JSON.stringify(v)).sort();
      // OpenAPI 3.0 writes an exclusive bound as a flag beside minimum/maximum; 3.1 as the number itself.
      else if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
        if (value) out[key] = p[key === "exclusiveMinimum" ? "minimum" : "maximum"];
      } else out[key] = value;
    }
    if (p.const !== undefined && out.enum === undefined) out.enum = [JSON.stringify(p.const)];
  }
  if (out.exclusiveMinimum !== undefined && out.exclusiveMinimum === out.minimum) delete out.minimum;
  if (out.exclusiveMaximum !== undefined && out.exclusiveMaximum === out.maximum) delete out.maximum;
  return out;
}

// For whole numbers "more than 0" and "at least 1" are the same rule; write both as the latter.
function integerBounds(constraints: Record<string, unknown>): Record<string, unknown> {
  const { exclusiveMinimum, exclusiveMaximum, ...rest } = constraints;
  return {
    ...rest,
    ...(typeof exclusiveMinimum === "number" ? { minimum: exclusiveMinimum + 1 } : {}),
    ...(typeof exclusiveMaximum === "number" ? { maximum: exclusiveMaximum - 1 } : {}),
  };
}

/** `^(abc)$` and `^abc$` match the same strings; a group around the whole pattern is dropped when it holds no `|`. */
export function normalizePattern(pattern: string): string {
  const whole = /^\^\((.*)\)\$$/.exec(pattern);
  const inner = whole?.[1];
  if (inner === undefined || !balanced(inner)) return pattern;
  return `^${inner}$`;
}

// True when the parentheses of `text` balance and no `|` stands outside all of them.
function balanced(text: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) return false;
    else if (c === "|" && depth === 0) return false;
  }
  return depth === 0;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
