import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { collect, parseBaseUrl, parseCount, parsePort, parsePositiveInteger, parseSeconds, pathParamParser } from "../../../src/cli/program/arg-parsers.js";

describe("pathParamParser", () => {
  it("accepts a value matching the spec's pattern for the parameter", () => {
    expect(pathParamParser("orgId")("650000000000000000000001")).toBe("650000000000000000000001");
    expect(pathParamParser("clientId")("mdb_sa_id_650000000000000000000031")).toBe("mdb_sa_id_650000000000000000000031");
  });

  it("refuses a value that would change the path or breaks the pattern", () => {
    const parse = pathParamParser("teamId");
    for (const bad of ["../admin", "650000000000000000000001/x", "65000000000000000000000A", ""]) {
      expect(() => parse(bad)).toThrow(InvalidArgumentError);
    }
    expect(() => parse("x")).toThrow("teamId must match ^[a-f0-9]{24}$.");
  });

  it("fails loudly for a parameter the spec does not know", () => {
    expect(() => pathParamParser("projectId")).toThrow(TypeError);
  });
});

describe("number parsers", () => {
  it("parsePositiveInteger takes whole numbers from 1", () => {
    expect(parsePositiveInteger("24")).toBe(24);
    for (const bad of ["0", "-1", "1.5", "08", "x"]) expect(() => parsePositiveInteger(bad)).toThrow(InvalidArgumentError);
  });

  it("parsePort takes 0 to 65535", () => {
    expect(parsePort("0")).toBe(0);
    expect(parsePort("65535")).toBe(65_535);
    for (const bad of ["65536", "-1", "80a", ""]) expect(() => parsePort(bad)).toThrow(InvalidArgumentError);
  });
});

describe("parseBaseUrl", () => {
  it("takes an absolute http(s) URL", () => {
    expect(parseBaseUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
  });

  it("refuses other schemes, relative URLs and user info", () => {
    expect(() => parseBaseUrl("ftp://example.com")).toThrow(new InvalidArgumentError("Must use http or https."));
    expect(() => parseBaseUrl("example.com")).toThrow(new InvalidArgumentError("Must be an absolute http(s) URL."));
    expect(() => parseBaseUrl("https://u:p@example.com")).toThrow(new InvalidArgumentError("Must not hold credentials; use the credential flags."));
  });
});

describe("collect", () => {
  it("gathers a repeated option's values in order", () => {
    expect(collect("b", collect("a"))).toEqual(["a", "b"]);
  });

  it("splits a comma list, as the Atlas CLI takes them", () => {
    expect(collect("c", collect("a, b"))).toEqual(["a", "b", "c"]);
  });
});

describe("parseCount and parseSeconds", () => {
  it("parseCount takes whole numbers from 0", () => {
    expect(parseCount("0")).toBe(0);
    for (const bad of ["-1", "1.5", "x", ""]) expect(() => parseCount(bad)).toThrow(InvalidArgumentError);
  });

  it("parseSeconds takes seconds above 0, fractions too", () => {
    expect(parseSeconds("0.5")).toBe(0.5);
    for (const bad of ["0", "-1", "1s", ""]) expect(() => parseSeconds(bad)).toThrow(InvalidArgumentError);
  });
});
