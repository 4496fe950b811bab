import { describe, expect, it } from "vitest";
import { renderTable } from "../../../src/cli/output/render-table.js";

const columns = [
  { header: "ID", field: "id" },
  { header: "NAME", field: "name" },
];

describe("renderTable", () => {
  it("aligns columns to the widest cell, two spaces apart, without trailing blanks", () => {
    const text = renderTable([{ id: "a1", name: "dbas" }, { id: "b22222", name: "x" }], columns);
    expect(text).toBe("ID      NAME\na1      dbas\nb22222  x\n");
  });

  it("joins lists with commas and leaves missing values blank", () => {
    const text = renderTable([{ id: "1", name: ["ORG_MEMBER", "ORG_OWNER"] }, { id: "2" }], columns);
    expect(text).toBe("ID  NAME\n1   ORG_MEMBER, ORG_OWNER\n2\n");
  });

  it("shows nested objects as JSON", () => {
    expect(renderTable([{ id: { a: 1 }, name: [{ b: 2 }] }], columns)).toBe('ID       NAME\n{"a":1}  {"b":2}\n');
  });

  it("says (none) for an empty list", () => {
    expect(renderTable([], columns)).toBe("(none)\n");
  });
});
