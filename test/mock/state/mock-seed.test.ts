import { describe, expect, it } from "vitest";
import { operations } from "../../../generated/operations.js";
import { checkSchema } from "../../../src/operations/check-schema.js";
import { defaultMockSeed } from "../../../src/mock/state/mock-seed.js";

describe("defaultMockSeed", () => {
  it("names its organization by the spec's organization name rule, on every surface that renames one", () => {
    const renames = operations.filter((op) => op.method === "PATCH" && /\/orgs\/\{orgId\}$/.test(op.path) && op.requestBody);
    expect(renames.length).toBeGreaterThan(0);
    for (const op of renames) expect(checkSchema(op.requestBody!, { name: defaultMockSeed.organization.name })).toEqual([]);
  });

  it("uses ids of 24 lowercase hex digits", () => {
    const ids = [defaultMockSeed.organization.id, ...defaultMockSeed.users.map((user) => user.id), defaultMockSeed.apiKey.id, defaultMockSeed.serviceAccount.secretId];
    for (const id of ids) expect(id).toMatch(/^[a-f0-9]{24}$/);
  });
});
