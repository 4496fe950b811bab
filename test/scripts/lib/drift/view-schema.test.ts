import { describe, expect, it } from "vitest";
import { normalizePattern, viewSchema } from "../../../../scripts/lib/drift/view-schema.js";

describe("viewSchema", () => {
  it("stops at a schema that refers to itself instead of looping", () => {
    const doc = { components: { schemas: { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } } } };
    const view = viewSchema({ $ref: "#/components/schemas/Node" }, doc);
    expect(Object.keys(view.properties)).toEqual(["name", "children"]);
    expect(view.properties.children?.items?.properties).toEqual({});
  });

  it("folds oneOf branches together: every branch's properties, required only when all branches require it", () => {
    const view = viewSchema({ oneOf: [{ type: "object", required: ["a", "b"], properties: { a: { type: "string" }, b: {} } }, { type: "object", required: ["a"], properties: { a: { type: "string" }, c: {} } }] }, {});
    expect(Object.keys(view.properties).sort()).toEqual(["a", "b", "c"]);
    expect(view.required).toEqual(["a"]);
  });

  it("reads const as a one-value enum and sorts enums, so order does not count as a change", () => {
    expect(viewSchema({ type: "string", const: "X" }, {}).constraints.enum).toEqual(['"X"']);
    expect(viewSchema({ type: "string", enum: ["B", "A"] }, {}).constraints).toEqual(viewSchema({ type: "string", enum: ["A", "B"] }, {}).constraints);
  });
});

describe("normalizePattern", () => {
  it("drops a group around the whole pattern, but not one that a top-level | or another group needs", () => {
    expect(normalizePattern("^([a-f0-9]{24})$")).toBe("^[a-f0-9]{24}$");
    expect(normalizePattern("^(a)|(b)$")).toBe("^(a)|(b)$");
    expect(normalizePattern("^(a|b)$")).toBe("^(a|b)$");
    expect(normalizePattern("^(a)(b)$")).toBe("^(a)(b)$");
  });
});
