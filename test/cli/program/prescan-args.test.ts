import { describe, expect, it } from "vitest";
import { isJsonOutput, prescanArgs } from "../../../src/cli/program/prescan-args.js";

describe("prescanArgs", () => {
  it("finds the profile in each of its spellings", () => {
    for (const args of [["-P", "work"], ["-Pwork"], ["--profile", "work"], ["--profile=work"]]) expect(prescanArgs([...args, "orgs", "list"])).toEqual({ profile: "work" });
  });

  it("finds the output format; --json means json", () => {
    for (const args of [["-o", "json"], ["-ojson"], ["--output", "json"], ["--output=json"], ["--json"], ["-o", "plaintext", "--json"]]) {
      expect(prescanArgs(["orgs", "list", ...args]).output).toBe("json");
    }
    expect(prescanArgs(["-o", "plaintext"]).output).toBe("plaintext");
  });

  it("stops at --", () => {
    expect(prescanArgs(["--", "--json"])).toEqual({});
  });
});

describe("isJsonOutput", () => {
  it("takes the command line over MONGODB_ATLAS_OUTPUT (which a profile's output fills)", () => {
    expect(isJsonOutput({}, { MONGODB_ATLAS_OUTPUT: "json" })).toBe(true);
    expect(isJsonOutput({ output: "plaintext" }, { MONGODB_ATLAS_OUTPUT: "json" })).toBe(false);
    expect(isJsonOutput({}, {})).toBe(false);
  });
});
