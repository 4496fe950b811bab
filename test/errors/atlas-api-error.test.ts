import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AtlasApiError } from "../../src/errors/atlas-api-error.js";

const context = { status: 409, method: "post", url: "https://cloud.mongodb.com/api/atlas/v2/orgs/1/teams" };

describe("AtlasApiError.fromBody", () => {
  it("takes every field of an Atlas error body", () => {
    const body = {
      error: 400,
      errorCode: "INVALID_EMAIL_ADDRESS",
      detail: "Invalid email address nope.",
      reason: "Bad Request",
      parameters: ["nope"],
      badRequestDetail: { fields: [{ field: "usernames[0]", description: "not an email" }] },
    };
    const err = AtlasApiError.fromBody(body, { ...context, status: 400, operationId: "createOrgTeam" });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: "AtlasApiError",
      status: 400,
      errorCode: "INVALID_EMAIL_ADDRESS",
      detail: "Invalid email address nope.",
      reason: "Bad Request",
      parameters: ["nope"],
      badRequestDetail: { fields: [{ field: "usernames[0]", description: "not an email" }] },
      method: "POST",
      url: context.url,
      operationId: "createOrgTeam",
    });
    expect(err.message).toBe(
      `POST ${context.url} → 400 INVALID_EMAIL_ADDRESS: Invalid email address nope.`,
    );
  });

  it("appends the hint to the message", () => {
    const err = AtlasApiError.fromBody(
      { errorCode: "VERSION_GONE", detail: "Version 2023-01-01 is gone." },
      { ...context, status: 410, hint: "createOrgTeam: use version 2025-02-19" },
    );
    expect(err.message).toBe(
      `POST ${context.url} → 410 VERSION_GONE: Version 2023-01-01 is gone. — createOrgTeam: use version 2025-02-19`,
    );
  });

  it("turns an HTML page into UNEXPECTED_RESPONSE with its text, tags stripped and cut short", () => {
    const words = Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ");
    const html = `<!doctype html><html><head><style>p{color:red}</style><script>var s = "x";</script>
      <title>502   Bad Gateway</title></head><body><!-- upstream --><h1>Bad&nbsp;Gateway</h1>
      <p>${words}</p></body></html>`;
    const err = AtlasApiError.fromBody(html, { ...context, status: 502 });
    expect(err.errorCode).toBe("UNEXPECTED_RESPONSE");
    expect(err.detail).toMatch(/^502 Bad Gateway Bad Gateway word0 word1 /);
    expect(err.detail).toMatch(/…$/);
    expect(err.detail!.length).toBeLessThanOrEqual(201);
    expect(err.detail).not.toMatch(/[<>]|color|var s/);
  });

  it("keeps a short text body whole, without an ellipsis", () => {
    const err = AtlasApiError.fromBody("Service Unavailable", { ...context, status: 503 });
    expect(err.detail).toBe("Service Unavailable");
  });

  it("gives an empty body UNEXPECTED_RESPONSE, no detail, and the status text as reason", () => {
    const response = new Response(null, { status: 502, statusText: "Bad Gateway" });
    const err = AtlasApiError.fromBody(undefined, { ...context, status: 502, response });
    expect(err).toMatchObject({ errorCode: "UNEXPECTED_RESPONSE", reason: "Bad Gateway", parameters: [] });
    expect(err.detail).toBeUndefined();
    expect(err.message).toBe(`POST ${context.url} → 502 UNEXPECTED_RESPONSE`);
    expect(err.response).toBe(response);
  });

  it("describes a JSON body that is not an Atlas error by its (masked) content", () => {
    const err = AtlasApiError.fromBody({ message: "nope", token: "t0ps3cret" }, context);
    expect(err.errorCode).toBe("UNEXPECTED_RESPONSE");
    expect(err.detail).toBe('{"message":"nope","token":"[REDACTED]"}');
  });

  it("ignores fields of the wrong type", () => {
    const err = AtlasApiError.fromBody(
      { errorCode: "ORG_NOT_FOUND", detail: 5, parameters: "x", badRequestDetail: [] },
      { ...context, status: 404 },
    );
    expect(err).toMatchObject({ errorCode: "ORG_NOT_FOUND", parameters: [] });
    expect(err.detail).toBeUndefined();
    expect(err.badRequestDetail).toBeUndefined();
  });
});

describe("AtlasApiError and credentials echoed in a body", () => {
  const jwt = "eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

  it("masks an Authorization line of an HTML page before cutting it short", () => {
    const page = `<html><body><h1>502 Bad Gateway</h1><pre>GET /api\nAuthorization: Bearer ${jwt}</pre><p>${"x ".repeat(200)}</p></body></html>`;
    const err = AtlasApiError.fromBody(page, { ...context, status: 502 });
    expect(err.detail).toMatch(/^502 Bad Gateway GET \/api Authorization: \[REDACTED\] x x/);
    expect(`${err.message} ${JSON.stringify(err)} ${inspect(err)}`).not.toContain("eyJ");
  });

  it("masks the detail and reason of a JSON body and of an error built directly", () => {
    const fromBody = AtlasApiError.fromBody({ errorCode: "UNAUTHORIZED", detail: `token ${jwt} expired`, reason: "Bearer abc" }, context);
    const direct = new AtlasApiError({ ...context, errorCode: "UNAUTHORIZED", detail: "secret mdb_sa_sk_123", reason: "Unauthorized" });
    expect(fromBody).toMatchObject({ detail: "token [REDACTED] expired", reason: "Bearer [REDACTED]" });
    expect(direct.detail).toBe("secret [REDACTED]");
    expect(`${fromBody.message} ${direct.message} ${JSON.stringify([fromBody, direct])}`).not.toMatch(/eyJ|mdb_sa_sk_123|abc/);
  });
});

describe("AtlasApiError without secrets", () => {
  const secretUrl = "https://pub:priv4te@cloud.mongodb.com/api/atlas/v2/orgs?token=t0ps3cret&pageNum=1";
  const response = new Response("{}", { status: 409, headers: { "set-cookie": "sid=c00kie" } });
  const err = AtlasApiError.fromBody(
    { errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "taken", parameters: [{ privateKey: "k3y" }] },
    { ...context, url: secretUrl, response },
  );
  const leaks = /priv4te|t0ps3cret|k3y|c00kie/;

  it("redacts the URL it keeps", () => {
    expect(err.url).toBe("https://cloud.mongodb.com/api/atlas/v2/orgs?token=[REDACTED]&pageNum=1");
  });

  it("has no secret in String(err), the message or the stack", () => {
    expect(String(err)).not.toMatch(leaks);
    expect(err.stack).not.toMatch(leaks);
  });

  it("serializes plain, masked fields without the response", () => {
    const json = JSON.stringify(err);
    expect(json).not.toMatch(leaks);
    expect(JSON.parse(json)).toEqual({
      name: "AtlasApiError",
      message: `POST ${err.url} → 409 TEAM_NAME_NOT_AVAILABLE: taken`,
      status: 409,
      errorCode: "TEAM_NAME_NOT_AVAILABLE",
      detail: "taken",
      parameters: [{ privateKey: "[REDACTED]" }],
      method: "POST",
      url: err.url,
      mayHaveActed: false,
    });
  });

  it("keeps the response reachable but out of enumeration and inspection", () => {
    expect(err.response).toBe(response);
    expect(Object.keys(err)).not.toContain("response");
    expect(inspect(err)).not.toMatch(/Response \{|c00kie/);
  });
});

describe("AtlasApiError.mayHaveActed", () => {
  it.each([
    [400, false],
    [404, false],
    [409, false],
    [429, false],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
  ])("is %s → %s: a 4xx refused the request, a 5xx may come after the work was done", (status, acted) => {
    const error = new AtlasApiError({ status, errorCode: "X", method: "POST", url: "https://h.test/x" });
    expect(error.mayHaveActed).toBe(acted);
    expect(error.toJSON()["mayHaveActed"]).toBe(acted);
  });
});
