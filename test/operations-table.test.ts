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
});
