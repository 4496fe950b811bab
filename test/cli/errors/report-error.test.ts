import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { reportError } from "../../../src/cli/errors/report-error.js";
import { AtlasApiError, AtlasConnectionError, AtlasValidationError, TokenRequestError } from "../../../src/index.js";

function report(error: unknown): { code: number; line: string } {
  let line = "";
  const code = reportError(error, { stderr: (text) => (line += text) });
  return { code, line };
}

describe("reportError", () => {
  it("prints an API error's code and detail on one line and exits 1", () => {
    const error = new AtlasApiError({ status: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "A team named dbas\nalready exists.", method: "POST", url: "https://x/api" });
    expect(report(error)).toEqual({ code: 1, line: "error: TEAM_NAME_NOT_AVAILABLE — A team named dbas already exists.\n" });
  });

  it("falls back to the reason, then the status, when an API error has no detail", () => {
    expect(report(new AtlasApiError({ status: 502, errorCode: "UNEXPECTED_RESPONSE", reason: "Bad Gateway", method: "GET", url: "https://x" })).line).toBe(
      "error: UNEXPECTED_RESPONSE — Bad Gateway\n",
    );
    expect(report(new AtlasApiError({ status: 500, errorCode: "UNEXPECTED_RESPONSE", method: "GET", url: "https://x" })).line).toBe("error: UNEXPECTED_RESPONSE — HTTP 500\n");
  });

  it("exits 2 for usage errors and for input the client refused before sending", () => {
    expect(report(new CliUsageError("no credentials"))).toEqual({ code: 2, line: "error: USAGE — no credentials\n" });
    const invalid = new AtlasValidationError("createOrgTeam", [{ field: "body.name", rule: "required", message: "body.name is required" }]);
    expect(report(invalid)).toEqual({ code: 2, line: "error: INVALID_INPUT — createOrgTeam: body.name is required; nothing was sent\n" });
  });

  it("exits 3 when no answer came", () => {
    const error = new AtlasConnectionError({ kind: "network", method: "GET", url: "http://127.0.0.1:1/api", cause: new TypeError("fetch failed") });
    expect(report(error)).toMatchObject({ code: 3, line: expect.stringMatching(/^error: NO_RESPONSE — GET http:\/\/127\.0\.0\.1:1\/api → no response/) });
  });

  it("exits 1 for a refused token request and 3 for an unreachable token endpoint", () => {
    expect(report(new TokenRequestError({ status: 401, url: "https://x/api/oauth/token", errorCode: "invalid_client" }))).toMatchObject({
      code: 1,
      line: expect.stringMatching(/^error: invalid_client — /),
    });
    expect(report(new TokenRequestError({ status: 0, url: "https://x/api/oauth/token" }))).toMatchObject({ code: 3, line: expect.stringMatching(/^error: TOKEN_REQUEST_FAILED — /) });
  });

  it("reports anything else as unexpected with exit 4, a failure here rather than the API's refusal", () => {
    expect(report(new Error("boom"))).toEqual({ code: 4, line: "error: UNEXPECTED — boom\n" });
    expect(report("text")).toEqual({ code: 4, line: "error: UNEXPECTED — text\n" });
  });
});
