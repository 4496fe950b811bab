import type { OpenApiDocument } from "./load-official-spec.js";
import { resolveRef } from "./view-schema.js";

type Json = Record<string, unknown>;

/** Something of an operation and the JSON path where the document holds it. */
export interface Located<T = unknown> {
  readonly at: string;
  readonly value: T;
}

/** A success answer: its schema per version and its headers (lower-cased names). */
export interface SuccessView {
  readonly at: string;
  readonly media: ReadonlyMap<string, Located>;
  readonly headers: ReadonlyMap<string, Located<Json> & { readonly name: string }>;
}

/** What the drift check reads of one operation. */
export interface OperationView {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** Method and path with parameter names blanked (`GET /api/atlas/v2/orgs/{}`), the key both documents are matched on. */
  readonly key: string;
  readonly at: string;
  readonly operation: Json;
  /** Dated versions (`YYYY-MM-DD`) of the request and success media types, with their `x-sunset`. */
  readonly versions: ReadonlyMap<string, Located<string | undefined>>;
  readonly statuses: ReadonlyMap<string, string>;
  /** Path, query and header parameters, keyed `in.name`. */
  readonly parameters: ReadonlyMap<string, Located<Json>>;
  readonly requestMedia: ReadonlyMap<string, Located>;
  readonly success: ReadonlyMap<string, SuccessView>;
}

const METHODS = ["get", "put", "post", "patch", "delete"] as const;
const VERSIONED = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;
const V2 = "/api/atlas/v2/";

/** The method and path key both documents are matched on. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;
}

/** Every Atlas v2 operation of a (bundled or official) document. */
export function readOperations(doc: OpenApiDocument): OperationView[] {
  const out: OperationView[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths as Json)) {
    if (!path.startsWith(V2)) continue;
    const item = resolveRef(rawItem, doc) as Json;
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (op) out.push(readOperation(doc, path, method, item, op));
    }
  }
  return out;
}

function readOperation(doc: OpenApiDocument, path: string, method: string, item: Json, op: Json): OperationView {
  const at = `$.paths['${path}'].${method}`;
  const parameters = new Map<string, Located<Json>>();
  for (const [where, list] of [[`$.paths['${path}'].parameters`, item.parameters], [`${at}.parameters`, op.parameters]] as const) {
    asArray(list).forEach((raw, i) => {
      const p = resolveRef(raw, doc) as Json;
      if (p.in === "path" || p.in === "query" || p.in === "header") parameters.set(`${String(p.in)}.${String(p.name)}`, { at: `${where}[${i}]`, value: p });
    });
  }

  const versions = new Map<string, Located<string | undefined>>();
  const noteVersions = (content: unknown, where: string): Map<string, Located> => {
    const media = new Map<string, Located>();
    for (const [type, raw] of Object.entries((content ?? {}) as Json)) {
      const fromName = VERSIONED.exec(type)?.[1];
      if (!fromName) continue;
      const m = raw as Json;
      const version = typeof m["x-xgen-version"] === "string" && VERSIONED.test(`application/vnd.atlas.${m["x-xgen-version"]}+json`) ? m["x-xgen-version"] : fromName;
      const mediaAt = `${where}.content['${type}']`;
      media.set(version, { at: `${mediaAt}.schema`, value: m.schema });
      const sunset = typeof m["x-sunset"] === "string" ? m["x-sunset"] : undefined;
      const known = versions.get(version);
      if (!known || (known.value === undefined && sunset !== undefined)) versions.set(version, { at: `${mediaAt}['x-sunset']`, value: sunset });
    }
    return media;
  };

  const body = op.requestBody === undefined ? undefined : (resolveRef(op.requestBody, doc) as Json);
  const requestMedia = noteVersions(body?.content, `${at}.requestBody`);
  const statuses = new Map<string, string>();
  const success = new Map<string, SuccessView>();
  for (const [code, raw] of Object.entries((op.responses ?? {}) as Json)) {
    const responseAt = `${at}.responses['${code}']`;
    statuses.set(code, responseAt);
    if (!/^2\d\d$/.test(code)) continue;
    const response = resolveRef(raw, doc) as Json;
    const headers = new Map<string, Located<Json> & { name: string }>();
    for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
      headers.set(name.toLowerCase(), { name, at: `${responseAt}.headers['${name}']`, value: resolveRef(header, doc) as Json });
    }
    success.set(code, { at: responseAt, media: noteVersions(response.content, responseAt), headers });
  }

  return {
    operationId: String(op.operationId ?? `${method.toUpperCase()} ${path}`),
    method: method.toUpperCase(),
    path,
    key: operationKey(method, path),
    at,
    operation: op,
    versions,
    statuses,
    parameters,
    requestMedia,
    success,
  };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
