import { describe, expect, it } from "vitest";
import { jsonOrText } from "../../src/util/json-or-text.js";

describe("jsonOrText", () => {
  it("parses JSON and keeps any other text as it is", () => {
    expect(jsonOrText('{"errorCode":"ORG_NOT_FOUND"}')).toEqual({ errorCode: "ORG_NOT_FOUND" });
    expect(jsonOrText("null")).toBeNull();
    expect(jsonOrText("<html>Bad gateway</html>")).toBe("<html>Bad gateway</html>");
    expect(jsonOrText("")).toBe("");
  });
});
