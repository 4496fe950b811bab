import { describe, expect, it } from "vitest";
import type { RequestSchema } from "../../generated/operations.js";
import { checkSchema } from "../../src/operations/check-schema.js";

const serviceAccount: RequestSchema = {
  type: "object",
  required: ["name", "roles"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 64 },
    roles: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", enum: ["ORG_MEMBER", "ORG_OWNER"] } },
    hours: { type: "integer", minimum: 1, maximum: 8760 },
    ratio: { type: "number", exclusiveMinimum: 0 },
    email: { type: "string", format: "email" },
  },
};

const rules = (value: unknown, schema: RequestSchema = serviceAccount) => checkSchema(schema, value).map((i) => `${i.field}:${i.rule}`);

describe("checkSchema", () => {
  it("accepts a valid value", () => {
    expect(rules({ name: "ci", roles: ["ORG_MEMBER"], hours: 8, ratio: 0.5, email: "ann@example.com" })).toEqual([]);
  });

  it("names each missing required field", () => {
    expect(rules({})).toEqual(["name:required", "roles:required"]);
  });

  it("reports type, length, enum, items and bounds with the field path", () => {
    expect(rules({ name: "x".repeat(65), roles: ["ORG_MEMBER", "ROOT"], hours: 0.5, ratio: 0 })).toEqual([
      "name:maxLength",
      "roles[1]:enum",
      "hours:type",
      "ratio:exclusiveMinimum",
    ]);
    expect(rules({ name: "", roles: [], hours: 9000 })).toEqual(["name:minLength", "roles:minItems", "hours:maximum"]);
    expect(rules({ name: "n", roles: "ORG_MEMBER" })).toEqual(["roles:type"]);
    expect(rules({ name: "n", roles: ["ORG_MEMBER", "ORG_MEMBER"], hours: 0 })).toEqual(["roles:uniqueItems", "hours:minimum"]);
  });

  it("checks email format", () => {
    expect(rules({ name: "n", roles: ["ORG_OWNER"], email: "not an email" })).toEqual(["email:format"]);
    expect(rules({ name: "n", roles: ["ORG_OWNER"], email: "ann@localhost" })).toEqual(["email:format"]);
  });

  it("counts characters, not UTF-16 units, and matches Unicode patterns", () => {
    const name: RequestSchema = { type: "string", maxLength: 3, pattern: "^[\\p{L}]+$" };
    expect(rules("ééé", name)).toEqual([]);
    expect(rules("𝒜𝒜𝒜", name)).toEqual([]);
    expect(rules("a b", name)).toEqual([":pattern"]);
  });

  it("refuses two fields that may not be given together (not.required)", () => {
    const schema: RequestSchema = { type: "object", not: { required: ["apiKey", "serviceAccount"], description: "one or the other" } };
    expect(rules({ apiKey: {} }, schema)).toEqual([]);
    const [issue] = checkSchema(schema, { apiKey: {}, serviceAccount: {} }, "body");
    expect(issue).toMatchObject({ field: "body.apiKey,body.serviceAccount", rule: "not" });
    expect(issue?.message).toContain("cannot both be given (one or the other)");
  });

  it("requires exactly one of the oneOf branches, naming their fields (give cidrBlock or ipAddress, not both)", () => {
    const entry: RequestSchema = { type: "object", oneOf: [{ required: ["cidrBlock"] }, { required: ["ipAddress"] }] };
    expect(rules({ cidrBlock: "203.0.113.0/24" }, entry)).toEqual([]);
    expect(rules({ ipAddress: "203.0.113.10" }, entry)).toEqual([]);
    const [none] = checkSchema(entry, {}, "body[0]");
    expect(none).toEqual({ field: "body[0]", rule: "oneOf", message: "body[0] must have exactly one of cidrBlock, ipAddress (it has none)" });
    const [both] = checkSchema(entry, { cidrBlock: "203.0.113.0/24", ipAddress: "203.0.113.10" }, "body[0]");
    expect(both?.message).toBe("body[0] must have exactly one of cidrBlock, ipAddress (it has more than one)");
    const described: RequestSchema = { oneOf: [{ type: "string", description: "a name" }, { type: "integer", description: "a number" }] };
    expect(checkSchema(described, true)[0]?.message).toBe("body must have exactly one of a name, a number (it has none)");
  });

  it("requires an array to contain a matching item (contains)", () => {
    const schema: RequestSchema = {
      type: "array",
      contains: { type: "object", required: ["roleName"], properties: { roleName: { const: "ORG_OWNER" } } },
    };
    expect(rules([{ roleName: "ORG_OWNER" }], schema)).toEqual([]);
    const [issue] = checkSchema(schema, [{ roleName: "ORG_MEMBER" }], "ldapGroupMappings");
    expect(issue?.rule).toBe("contains");
    expect(issue?.message).toContain('roleName: "ORG_OWNER"');
    expect(rules(["x"], { type: "array", contains: { type: "object", description: "a mapping" } })).toEqual([":contains"]);
  });

  it("checks const and names the body when it is the value itself", () => {
    const [issue] = checkSchema({ const: "x" }, "y");
    expect(issue).toMatchObject({ field: "", rule: "const", message: 'body must be "x"' });
    expect(rules(true, { type: "object" })).toEqual([":type"]);
    expect(rules(null, { type: "array" })).toEqual([":type"]);
  });
});
