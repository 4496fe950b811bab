import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { nameFrom } from "../../../src/cli/program/name-from.js";

describe("nameFrom", () => {
  it("takes the name as an argument or as --name, or both when they agree", () => {
    expect(nameFrom("dbas", undefined)).toBe("dbas");
    expect(nameFrom(undefined, "dbas")).toBe("dbas");
    expect(nameFrom("dbas", "dbas")).toBe("dbas");
  });

  it("refuses no name and two different names", () => {
    expect(() => nameFrom(undefined, undefined)).toThrow(CliUsageError);
    expect(() => nameFrom("a", "b")).toThrow('give the name once: as an argument ("a") or as --name ("b"), not both');
  });
});
