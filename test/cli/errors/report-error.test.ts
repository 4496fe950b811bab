import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { reportError, type ReportOptions } from "../../../src/cli/errors/report-error.js";
import { CliLocalError } from "../../../src/cli/errors/cli-local-error.js";
import { CliTimeoutError } from "../../../src/cli/errors/cli-timeout-error.js";
import { AtlasApiError, AtlasConnectionError, AtlasValidationError, TokenRequestError } from "../../../src/index.js";

function report(error: unknown, options: ReportOptions = {}): { code: number; line: string } {
  let line = "";
  const code = reportError(error, { stderr: (text) => (line += text) }, options);
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

  it("writes one JSON object with the code, detail, exit code and status when asked for JSON", () => {
    const error = new AtlasApiError({ status: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "taken", method: "POST", url: "https://x/api" });
    const { code, line } = report(error, { json: true });
    expect(code).toBe(1);
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({ errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "taken", exitCode: 1, status: 409 });
    expect(JSON.parse(report(new CliUsageError("no credentials"), { json: true }).line)).toEqual({ errorCode: "USAGE", detail: "no credentials", exitCode: 2 });
  });

  it("exits 4 with its own code for a local failure, and 3 with TIMEOUT for a deadline", () => {
    expect(report(new CliLocalError("PORT_IN_USE", "port 80 is taken"))).toEqual({ code: 4, line: "error: PORT_IN_USE — port 80 is taken\n" });
    const timeout = report(new CliTimeoutError("POST https://x/api/atlas/v2/orgs", 2, true));
    expect(timeout.code).toBe(3);
    expect(timeout.line).toBe(
      "error: TIMEOUT — POST https://x/api/atlas/v2/orgs: no complete answer within 2 s (the whole exchange, retries included; raise it with --timeout); the server may have carried it out, check before sending it again\n",
    );
  });

  it("says per API who may create organizations, never advising user credentials on Ops Manager", () => {
    const refused = new AtlasApiError({ status: 403, errorCode: "API_KEY_CANNOT_CREATE_ORG", detail: "An API key cannot create an organization; use user credentials.", method: "POST", url: "https://x" });
    const opsManager = report(refused, { api: "ops-manager" }).line;
    expect(opsManager).toMatch(/^error: API_KEY_CANNOT_CREATE_ORG — this API key may not create organizations: on Ops Manager only an API key with the Global Owner role can/);
    expect(opsManager).not.toContain("user credentials");
    expect(report(refused, { api: "cloud-manager" }).line).toContain("call with a user's credentials");
  });
});
