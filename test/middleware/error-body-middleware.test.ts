import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { AtlasApiError, createAtlasClient, digestAuth, serviceAccountAuth, unwrap } from "../../src/index.js";
import { ORG_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";
const ORGS = `${BASE}/api/atlas/v2/orgs`;
// A JWT-shaped token, as Atlas issues for service accounts.
const TOKEN = "eyJhbGciOiJFUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtZGJfc2FfaWRfMSJ9.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLWp3dA";

/** The error `unwrap` throws for a call's result. */
function thrown(result: Parameters<typeof unwrap>[0]): AtlasApiError {
  try {
    unwrap(result);
  } catch (error) {
    expect(error).toBeInstanceOf(AtlasApiError);
    return error as AtlasApiError;
  }
  throw new Error("unwrap did not throw");
}

describe("errorBodyMiddleware and credentials echoed in an error body", () => {
  it("masks the bearer token of a gateway's 502 page that echoes the request, in error, message, toJSON and String", async () => {
    server.use(
      http.post(`${BASE}/api/oauth/token`, () => HttpResponse.json({ access_token: TOKEN, expires_in: 3600 })),
      http.get(ORGS, ({ request }) => {
        const page = `<html><body><h1>502 Bad Gateway</h1><pre>upstream failed for GET /api/atlas/v2/orgs\nAuthorization: ${request.headers.get("authorization")}\nAccept: */*</pre></body></html>`;
        return new HttpResponse(page, { status: 502, headers: { "Content-Type": "text/html" } });
      }),
    );
    const auth = serviceAccountAuth({ clientId: "mdb_sa_id_1", clientSecret: "mdb_sa_sk_secret" });
    const result = await createAtlasClient({ auth, retry: false }).GET("/api/atlas/v2/orgs");
    expect(result.error?.detail).toContain("Authorization: [REDACTED]");
    const error = thrown(result);
    for (const text of [JSON.stringify(result.error), error.detail, error.message, JSON.stringify(error), String(error), inspect(error)]) {
      expect(text).toContain("502 Bad Gateway");
      expect(text).not.toContain(TOKEN.slice(0, 20));
      expect(text).not.toContain(TOKEN.split(".")[2]);
    }
  });

  it("masks a token, Basic credentials and a service-account secret in the detail of an Atlas error body", async () => {
    const detail = `Refused Bearer ${TOKEN} and Basic bWRiX3NhX2lkOnNlY3JldA== for mdb_sa_sk_0123abcd.`;
    server.use(http.get(ORGS, () => HttpResponse.json({ error: 400, errorCode: "INVALID_REQUEST", detail, parameters: [TOKEN] }, { status: 400 })));
    const result = await createAtlasClient().GET("/api/atlas/v2/orgs");
    expect(result.error).toMatchObject({ errorCode: "INVALID_REQUEST", detail: "Refused Bearer [REDACTED] and Basic [REDACTED] for [REDACTED]." });
    const error = thrown(result);
    for (const text of [JSON.stringify(result.error), error.message, JSON.stringify(error)]) {
      expect(text).not.toMatch(/eyJhbGci|bWRiX3NhX2lk|mdb_sa_sk_0123/);
    }
  });

  it("masks Digest parameters echoed without the Digest prefix, and the response hash alone, because the client sent them", async () => {
    let hash = "";
    server.use(
      http.get(ORGS, ({ request }) => {
        const authorization = request.headers.get("authorization");
        if (!authorization) {
          return new HttpResponse(null, { status: 401, headers: { "WWW-Authenticate": 'Digest realm="MMS Public API", nonce="n0nce-1", qop="auth", algorithm=MD5' } });
        }
        hash = /response="([^"]+)"/.exec(authorization)?.[1] ?? "";
        const detail = `could not check ${authorization.replace(/^Digest /, "")}; the hash was ${hash}`;
        return HttpResponse.json({ error: 400, errorCode: "INVALID_REQUEST", detail, parameters: [hash] }, { status: 400 });
      }),
    );
    const result = await createAtlasClient({ auth: digestAuth({ publicKey: "pubkey01", privateKey: "0c0ffee0-1234-4abc-9def-00000000beef" }), retry: false }).GET("/api/atlas/v2/orgs");
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(result.error?.detail).toMatch(/; the hash was \[REDACTED\]$/);
    const error = thrown(result);
    for (const text of [JSON.stringify(result.error), error.message, JSON.stringify(error), String(error), inspect(error)]) {
      expect(text).not.toContain(hash);
    }
  });

  it("masks a Digest private key echoed by value, which no pattern would catch", async () => {
    const privateKey = "7d3c1a2b-5e6f-4a8b-9c0d-1e2f3a4b5c6d";
    server.use(http.get(ORGS, () => HttpResponse.json({ error: 400, errorCode: "INVALID_REQUEST", detail: `key ${privateKey} is not valid` }, { status: 400 })));
    const result = await createAtlasClient({ auth: digestAuth({ publicKey: "pubkey02", privateKey }), retry: false }).GET("/api/atlas/v2/orgs");
    expect(result.error?.detail).toBe("key [REDACTED] is not valid");
    expect(thrown(result).message).not.toContain(privateKey);
  });

  it("passes an Atlas error body without credentials on as it is", async () => {
    const body = { error: 409, errorCode: "TEAM_NAME_NOT_AVAILABLE", detail: "Taken.", reason: "Conflict", parameters: ["dbas"] };
    server.use(http.get(ORGS, () => HttpResponse.json(body, { status: 409 })));
    expect((await createAtlasClient().GET("/api/atlas/v2/orgs")).error).toEqual(body);
  });
});

describe("errorBodyMiddleware and error bodies that are no Atlas error", () => {
  const answer = (body: string, status: number, statusText = "Nope"): void =>
    server.use(http.get(`${ORGS}*`, () => new HttpResponse(body, { status, statusText, headers: { "Content-Type": "application/json" } })));
  const shaped = (status: number, detail: string, reason = "Nope") => ({ error: status, errorCode: "UNEXPECTED_RESPONSE", detail, reason, parameters: [] });

  // Each takes the reason phrase ("Nope") as its reason, the body giving none.
  it.each([
    ["empty", "", 502, "HTTP 502"],
    ["null", "null", 500, "HTTP 500"],
    ["a list", "[]", 400, "HTTP 400"],
    ["a number", "42", 503, "HTTP 503"],
    ["a string", '"down"', 504, "down"],
    ["an object without errorCode", '{"message":"nope"}', 500, '{"message":"nope"}'],
    ["an object whose errorCode is no string", '{"errorCode":7}', 500, '{"errorCode":7}'],
  ])("gives an ApiError-shaped error for a JSON body that is %s", async (_, body, status, detail) => {
    answer(body, status);
    const { data, error, response } = await createAtlasClient({ retry: false }).GET("/api/atlas/v2/orgs");
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error).toEqual(shaped(status, detail));
  });

  it("keeps the detail and reason an object without errorCode has", async () => {
    answer('{"detail":"Try later.","reason":"Busy"}', 409, "Conflict");
    const { error } = await createAtlasClient().GET("/api/atlas/v2/orgs");
    expect(error).toEqual(shaped(409, "Try later.", "Busy"));
  });

  it("lets the README pattern `if (error) … else data` reach the error for every such body", async () => {
    for (const body of ["", "null", "[]", "0", "false"]) {
      answer(body, 500);
      const { data, error } = await createAtlasClient({ retry: false }).GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID } } });
      expect(error ? error.errorCode : data.id).toBe("UNEXPECTED_RESPONSE");
    }
  });
});
