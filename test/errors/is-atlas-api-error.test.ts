import { describe, expect, expectTypeOf, it } from "vitest";
import { AtlasApiError } from "../../src/errors/atlas-api-error.js";
import type { ErrorCode } from "../../src/errors/error-codes.js";
import { isAtlasApiError } from "../../src/errors/is-atlas-api-error.js";

const taken = new AtlasApiError({
  status: 409,
  errorCode: "TEAM_NAME_NOT_AVAILABLE",
  method: "POST",
  url: "https://cloud.mongodb.com/api/atlas/v2/orgs/1/teams",
});

describe("isAtlasApiError", () => {
  it("accepts an AtlasApiError and refuses other errors and values", () => {
    expect(isAtlasApiError(taken)).toBe(true);
    expect(isAtlasApiError(new Error("x"))).toBe(false);
    expect(isAtlasApiError({ name: "AtlasApiError", status: 409, errorCode: "X" })).toBe(false);
    expect(isAtlasApiError(undefined)).toBe(false);
  });

  it("matches the code when one is given", () => {
    expect(isAtlasApiError(taken, "TEAM_NAME_NOT_AVAILABLE")).toBe(true);
    expect(isAtlasApiError(taken, "ORG_NOT_FOUND")).toBe(false);
    expect(isAtlasApiError(new Error("x"), "TEAM_NAME_NOT_AVAILABLE")).toBe(false);
  });

  it("accepts an error of the same name and shape made by another copy of the package", () => {
    const foreign = Object.assign(new Error("m"), { name: "AtlasApiError", status: 404, errorCode: "ORG_NOT_FOUND" });
    expect(isAtlasApiError(foreign, "ORG_NOT_FOUND")).toBe(true);
    const misshapen = Object.assign(new Error("m"), { name: "AtlasApiError", status: "404" });
    expect(isAtlasApiError(misshapen)).toBe(false);
  });

  it("narrows errorCode to the literal given, and to ErrorCode without one", () => {
    const e: unknown = taken;
    if (isAtlasApiError(e, "TEAM_NAME_NOT_AVAILABLE")) {
      expectTypeOf(e).toEqualTypeOf<AtlasApiError<"TEAM_NAME_NOT_AVAILABLE">>();
      expectTypeOf(e.errorCode).toEqualTypeOf<"TEAM_NAME_NOT_AVAILABLE">();
    }
    if (isAtlasApiError(e)) {
      expectTypeOf(e.errorCode).toEqualTypeOf<ErrorCode>();
      expectTypeOf(e.status).toEqualTypeOf<number>();
    }
    // A code the client does not know is still accepted.
    expectTypeOf(isAtlasApiError).toBeCallableWith(e, "SOME_FUTURE_CODE");
    expect(isAtlasApiError(e, "SOME_FUTURE_CODE")).toBe(false);
  });
});
