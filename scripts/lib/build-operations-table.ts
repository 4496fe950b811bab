import type { OperationInfo, OperationVersion, RequestSchema, Surface } from "../../generated/operations.js";
import type { OpenApiDocument } from "./bundle-spec.js";

type Json = Record<string, unknown>;

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
const RETRY_SAFE = new Set(["GET", "HEAD", "PUT", "DELETE"]);
const VERSIONED = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;

// The keywords the request checks understand (src/operations/check-schema.ts). Any other keyword in a
// request body schema fails the generation, so a rule added to the spec cannot be dropped
// silently — except the annotations below, which state no rule.
const SCHEMA_KEYS = [
  "type", "description", "required", "properties", "items", "minLength", "maxLength", "pattern",
  "format", "enum", "const", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
  "exclusiveMinimum", "contains", "not", "oneOf",
] as const;
const ANNOTATIONS = new Set(["title", "example", "examples", "default", "readOnly", "writeOnly", "deprecated", "externalDocs", "$comment"]);

/** Says which surface a path of a root document belongs to. */
export type SurfaceOf = (path: string) => Surface;

/** Reads every operation of a bundled document into operations-table rows, in spec order. */
export function buildOperationsTable(doc: OpenApiDocument, surfaceOf: SurfaceOf): OperationInfo[] {
  const resolve = makeResolver(doc);
  const rows: OperationInfo[] = [];
  for (const [path, rawItem] of Object.entries((doc.paths ?? {}) as Json)) {
    const item = resolve(rawItem) as Json;
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op) rows.push(toRow(path, method.toUpperCase() as OperationInfo["method"], item, op, surfaceOf(path), resolve));
    }
  }
  return rows;
}

function toRow(
  path: string,
  method: OperationInfo["method"],
  item: Json,
  op: Json,
  surface: Surface,
  resolve: (value: unknown) => unknown,
): OperationInfo {
  const parameters = [...asArray(item.parameters), ...asArray(op.parameters)].map((p) => resolve(p) as Json);
  const responses = (op.responses ?? {}) as Json;
  const body = op.requestBody ? (resolve(op.requestBody) as Json) : undefined;
  const requestBody = body && bodySchemaOf(String(op.operationId), body.content as Json | undefined, resolve);
  const replacedBy = op["x-replaced-by"];
  return {
    operationId: String(op.operationId),
    surface,
    method,
    path,
    versions: collectVersions(body, responses, resolve),
    deprecated: op.deprecated === true,
    ...(typeof replacedBy === "string" ? { replacedBy } : {}),
    paginated: parameters.some((p) => p.in === "query" && p.name === "pageNum"),
    retrySafe: RETRY_SAFE.has(method),
    successStatus: Math.min(...Object.keys(responses).filter((c) => /^2\d\d$/.test(c)).map(Number)),
    pathParams: Object.fromEntries(
      parameters
        .filter((p) => p.in === "path")
        .map((p) => {
          const pattern = (resolve(p.schema) as Json | undefined)?.pattern;
          return [String(p.name), typeof pattern === "string" ? { pattern } : {}];
        }),
    ),
    ...(requestBody ? { requestBody } : {}),
  };
}

function collectVersions(body: Json | undefined, responses: Json, resolve: (value: unknown) => unknown): OperationVersion[] {
  const contents = [
    body?.content,
    ...Object.entries(responses)
      .filter(([code]) => /^2\d\d$/.test(code))
      .map(([, response]) => (resolve(response) as Json).content),
  ];
  const found = new Map<string, OperationVersion>();
  for (const content of contents) {
    for (const [mediaType, media] of Object.entries((content ?? {}) as Json)) {
      const fromName = VERSIONED.exec(mediaType)?.[1];
      if (!fromName) continue;
      const m = media as Json;
      const version = typeof m["x-xgen-version"] === "string" ? m["x-xgen-version"] : fromName;
      const sunset = m["x-sunset"];
      const previous = found.get(version);
      found.set(version, { version, ...(typeof sunset === "string" ? { sunset } : previous?.sunset ? { sunset: previous.sunset } : {}) });
    }
  }
  return [...found.values()].sort((a, b) => a.version.localeCompare(b.version));
}

// The checks do not know which media type (version) a call will send, so every media type
// of a request body must give the checks the same schema.
function bodySchemaOf(operationId: string, content: Json | undefined, resolve: (value: unknown) => unknown): RequestSchema | undefined {
  const schemas = Object.values(content ?? {}).map((media) => toRequestSchema((media as Json).schema, resolve, `${operationId} request body`));
  const [first] = schemas;
  if (schemas.some((schema) => JSON.stringify(schema) !== JSON.stringify(first))) {
    throw new Error(`${operationId}: its request media types have different schemas; the request checks read one schema per operation`);
  }
  return first;
}

// Descriptions are long prose; the checks only quote the one on a `not`, `oneOf` or `contains` rule.
function toRequestSchema(
  schema: unknown,
  resolve: (value: unknown) => unknown,
  where: string,
  seen = new Set<unknown>(),
  keepDescription = false,
): RequestSchema {
  const s = resolve(schema) as Json;
  if (seen.has(s)) return {};
  const inner = new Set(seen).add(s);
  const sub = (value: unknown, at: string, describe = false): RequestSchema => toRequestSchema(value, resolve, `${where}${at}`, inner, describe);
  const unknown = Object.keys(s).filter((key) => !(SCHEMA_KEYS as readonly string[]).includes(key) && !ANNOTATIONS.has(key) && !key.startsWith("x-"));
  if (unknown.length > 0) {
    throw new Error(`${where}: the request checks (src/operations/check-schema.ts) do not understand ${unknown.join(", ")}; support it there or leave it out of the spec`);
  }
  const out: Record<string, unknown> = {};
  for (const key of SCHEMA_KEYS) {
    const value = s[key];
    if (value === undefined || (key === "description" && !keepDescription)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value as Json).map(([name, v]) => [name, sub(v, `.${name}`)]));
    } else if (key === "items") {
      out.items = sub(value, "[]");
    } else if (key === "contains") {
      out.contains = sub(value, " contains", true);
    } else if (key === "oneOf") {
      out.oneOf = (value as unknown[]).map((v, i) => sub(v, ` oneOf[${i}]`, true));
    } else if (key === "not") {
      out.not = notRule(sub(value, " not", true), `${where} not`);
    } else if (key === "format" && value !== "email") {
      // The checks know `email` only; `int32` and the like are the type's business.
    } else if (key === "type" && Array.isArray(value)) {
      out.type = value.find((t) => t !== "null");
    } else {
      out[key] = value;
    }
  }
  return out as RequestSchema;
}

// The checks read a `not` as "not all of these together" (its `required`), quoting its
// description; its `properties` may only name those fields (`{}`), as lint wants.
function notRule(not: RequestSchema, where: string): RequestSchema {
  const { required, description, properties, ...rest } = not;
  const names = Object.entries(properties ?? {});
  if (!required?.length || Object.keys(rest).length > 0 || names.some(([name, p]) => !required.includes(name) || Object.keys(p).length > 0)) {
    throw new Error(`${where}: the request checks understand a \`not\` only as { required: [a, b] } ("not both")`);
  }
  return { ...(description === undefined ? {} : { description }), required };
}

function makeResolver(doc: OpenApiDocument): (value: unknown) => unknown {
  return function resolve(value: unknown): unknown {
    let current = value;
    for (let hops = 0; hops < 32; hops++) {
      const ref = (current as Json | null)?.$ref;
      if (typeof ref !== "string") return current;
      if (!ref.startsWith("#/")) throw new Error(`unresolved external $ref ${ref}`);
      current = ref
        .slice(2)
        .split("/")
        .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], doc);
      if (current === undefined) throw new Error(`dangling $ref ${ref}`);
    }
    throw new Error("$ref chain too long");
  };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
