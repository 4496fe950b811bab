import { describe, expect, it } from "vitest";
import { operations, type OperationInfo } from "../generated/operations.js";
import { roots } from "../scripts/generate.js";
import { buildOperationsTable } from "../scripts/lib/build-operations-table.js";
import { bundleSpec } from "../scripts/lib/bundle-spec.js";
import { renderOperationsModule } from "../scripts/lib/render-operations-module.js";

const row = (operationId: string, path: string, pattern?: string): OperationInfo => ({
  operationId,
  surface: "atlas-v2",
  method: "GET",
  path,
  versions: [{ version: "2023-01-01" }],
  deprecated: false,
  paginated: false,
  retrySafe: true,
  successStatus: 200,
  pathParams: { id: pattern === undefined ? {} : { pattern } },
});

/** A one-operation document whose request body has these media types. */
const withBody = (content: Record<string, unknown>) => ({
  paths: { "/api/atlas/v2/things": { post: { operationId: "createThing", requestBody: { content }, responses: { 200: {} } } } },
});
const versioned = (schema: unknown, version = "2023-01-01") => ({ [`application/vnd.atlas.${version}+json`]: { "x-xgen-version": version, schema } });
const tableOf = (doc: Record<string, unknown>) => buildOperationsTable(doc, () => "atlas-v2");

describe("the generated operations table", () => {
  it("expands its compact rows into exactly the rows the spec gives, in spec order", async () => {
    const rows: OperationInfo[] = [];
    for (const root of roots) rows.push(...buildOperationsTable(await bundleSpec(root.spec), root.surfaceOf));
    expect(JSON.stringify(operations)).toBe(JSON.stringify(rows));
  });

  it("writes a row's path parameters out when their name has two patterns in the spec", () => {
    const module = renderOperationsModule([row("getA", "/a/{id}", "^a$"), row("getB", "/b/{id}", "^b$"), row("getC", "/c/{id}")]);
    const written = module.slice(module.indexOf("const ROWS"));
    expect(module).toMatch(/const PATH_PATTERNS: Readonly<Record<string, string>> = \{\};/);
    expect(written).toContain('"pathParams":{"id":{"pattern":"^a$"}}');
    expect(written).toContain('"pathParams":{"id":{"pattern":"^b$"}}');
  });

  it("fails on a request body keyword the checks do not understand, wherever it is, instead of dropping it", () => {
    const object = (extra: Record<string, unknown>) => ({ type: "object", properties: { a: { type: "string" } }, ...extra });
    for (const extra of [{ minProperties: 1 }, { anyOf: [{ required: ["a"] }] }, { allOf: [{ required: ["a"] }] }, { additionalProperties: false }]) {
      const keyword = Object.keys(extra)[0] ?? "";
      expect(() => tableOf(withBody(versioned(object(extra))))).toThrow(`createThing request body: the request checks (src/operations/check-schema.ts) do not understand ${keyword}`);
    }
    const nested = { type: "array", items: object({ properties: { a: { type: "string", minProperties: 1 } } }) };
    expect(() => tableOf(withBody(versioned(nested)))).toThrow(/createThing request body\[\]\.a: .* do not understand minProperties/);
    // Annotations and extensions state no rule; they pass.
    const annotated = object({ title: "T", example: { a: "x" }, "x-extra": 1, properties: { a: { type: "string", default: "x", readOnly: true } } });
    expect(tableOf(withBody(versioned(annotated)))[0]?.requestBody).toEqual({ type: "object", properties: { a: { type: "string" } } });
  });

  it("fails on a `not` other than \"not both\" (a `not` without `required` would check nothing)", () => {
    for (const not of [{ properties: { a: {} } }, { required: ["a"], properties: { a: { type: "string" } } }, { required: ["a", "b"], type: "object" }]) {
      expect(() => tableOf(withBody(versioned({ type: "object", not })))).toThrow(/createThing request body not: .*only as \{ required: \[a, b\] \}/);
    }
    const notBoth = { description: "not both", required: ["a", "b"], properties: { a: {}, b: {} } };
    expect(tableOf(withBody(versioned({ type: "object", not: notBoth })))[0]?.requestBody).toEqual({ type: "object", not: { description: "not both", required: ["a", "b"] } });
  });

  it("fails when an operation's request media types (versions) have different body schemas, and accepts the same one twice", () => {
    const a = { type: "object", required: ["a"] };
    const b = { type: "object", required: ["b"] };
    expect(() => tableOf(withBody({ ...versioned(a), ...versioned(b, "2025-01-01") }))).toThrow(/createThing: its request media types have different schemas/);
    expect(tableOf(withBody({ ...versioned(a), ...versioned(a, "2025-01-01") }))[0]?.requestBody).toEqual(a);
  });

  it("keeps the spec's oneOf: an access list entry gives cidrBlock or ipAddress", () => {
    const entry = operations.find((op) => op.operationId === "createOrgServiceAccountAccessList")?.requestBody?.items;
    expect(entry?.oneOf).toEqual([
      { required: ["cidrBlock"], properties: { cidrBlock: {} } },
      { required: ["ipAddress"], properties: { ipAddress: {} } },
    ]);
  });

  it("emits OperationVersions: every Atlas v2 operationId with the union of its versions, and nothing else", () => {
    const module = renderOperationsModule(operations);
    const block = /export interface OperationVersions \{\n([^}]*)\}/.exec(module)?.[1] ?? "";
    const v2 = operations.filter((op) => op.surface === "atlas-v2");
    expect(block.trim().split("\n")).toHaveLength(v2.length);
    expect(block).toContain('  listOrgUsers: "2023-01-01" | "2025-02-19";\n');
    expect(block).toContain('  createOrgTeam: "2023-01-01";\n');
    expect(block).not.toMatch(/V1|createTeam|listTeams/);
  });
});
