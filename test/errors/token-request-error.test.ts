import { describe, expect, it } from "vitest";
import { TokenRequestError } from "../../src/errors/token-request-error.js";

const URL = "https://cloud.mongodb.com/api/oauth/token";

describe("TokenRequestError", () => {
  it("names the method, URL, status, code and detail in its message", () => {
    const error = new TokenRequestError({ status: 401, url: URL, errorCode: "invalid_client", detail: "bad client" });
    expect(error.message).toBe(`Service account auth: POST ${URL} answered 401 invalid_client: bad client`);
    expect(error.name).toBe("TokenRequestError");
    expect(error).toBeInstanceOf(Error);
  });

  it("says how long the endpoint asked to be left alone, rounded up to seconds", () => {
    const error = new TokenRequestError({ status: 429, url: URL, errorCode: "RATE_LIMITED", retryAfterMs: 59_001 });
    expect(error.message).toBe(`Service account auth: POST ${URL} answered 429 RATE_LIMITED (retry after 60 s)`);
    expect(error.retryAfterMs).toBe(59_001);
  });

  it("says the endpoint could not be reached for status 0 and keeps the cause", () => {
    const cause = new TypeError("fetch failed");
    const error = new TokenRequestError({ status: 0, url: URL, cause });
    expect(error.message).toBe(`Service account auth: POST ${URL} could not be reached`);
    expect(error.cause).toBe(cause);
  });

  it("leaves the cause out of toJSON", () => {
    const error = new TokenRequestError({ status: 0, url: URL, method: "POST", cause: new Error("socket hang up") });
    expect(JSON.stringify(error)).not.toContain("socket hang up");
    expect(error.toJSON()).toMatchObject({ status: 0, method: "POST", url: URL });
  });
});
