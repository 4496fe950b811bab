import { describe, expect, it } from "vitest";
import { maskCredentials, redactBody, redactHeaders, redactText, redactUrl, rememberAuthorization, rememberSecret } from "../../src/util/redact.js";

describe("redactHeaders", () => {
  it("keeps the Authorization scheme and masks its credentials", () => {
    const headers = new Headers({
      Authorization: 'Digest username="pub", response="abc123", nonce="n"',
      "Proxy-Authorization": "Basic dXNlcjpwYXNz",
      Accept: "application/json",
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: "Digest [REDACTED]",
      "proxy-authorization": "Basic [REDACTED]",
      accept: "application/json",
    });
  });

  it("masks an Authorization value that has no scheme entirely", () => {
    expect(redactHeaders({ Authorization: "rawtoken" })).toEqual({ Authorization: "[REDACTED]" });
  });

  it("masks cookies and headers named like secrets, keeping the names of a plain record", () => {
    const out = redactHeaders({
      Cookie: "session=abc",
      "Set-Cookie": "id=1",
      "X-Api-Key": "k",
      "X-Auth-Token": "t",
      "User-Agent": "atlas-admin-client/0.1.0",
    });
    expect(out).toEqual({
      Cookie: "[REDACTED]",
      "Set-Cookie": "[REDACTED]",
      "X-Api-Key": "[REDACTED]",
      "X-Auth-Token": "[REDACTED]",
      "User-Agent": "atlas-admin-client/0.1.0",
    });
  });
});

describe("redactUrl", () => {
  it("drops userinfo", () => {
    expect(redactUrl("https://pub:priv@cloud.mongodb.com/api/atlas/v2/orgs")).toBe(
      "https://cloud.mongodb.com/api/atlas/v2/orgs",
    );
  });

  it("masks secret query parameters and leaves the others byte for byte", () => {
    const url =
      "https://h.test/p?pageNum=2&token=abc&client_secret=s%20x&privateKey=k&a=b%2Bc+d&password=p";
    expect(redactUrl(url)).toBe(
      "https://h.test/p?pageNum=2&token=[REDACTED]&client_secret=[REDACTED]&privateKey=[REDACTED]&a=b%2Bc+d&password=[REDACTED]",
    );
  });

  it("masks secret parameters in the fragment", () => {
    expect(redactUrl("https://h.test/cb#access_token=abc&state=1")).toBe(
      "https://h.test/cb#access_token=[REDACTED]&state=1",
    );
  });

  it("cleans a string that does not parse as a URL textually", () => {
    expect(redactUrl("//u:p@host/x?secret=1&q=2")).toBe("//host/x?secret=[REDACTED]&q=2");
    expect(redactUrl("/api/x?accessToken=1")).toBe("/api/x?accessToken=[REDACTED]");
    expect(redactUrl("/api/x")).toBe("/api/x");
  });

  it("matches a percent-encoded parameter name, and tolerates broken escapes", () => {
    expect(redactUrl("https://h.test/?%74oken=1&bad%zz=2")).toBe(
      "https://h.test/?%74oken=[REDACTED]&bad%zz=2",
    );
  });
});

describe("redactBody", () => {
  it("masks the once-only secrets of a create-organization answer at any depth", () => {
    const answer = {
      organization: { id: "a".repeat(24), name: "acme" },
      apiKey: { id: "k1", publicKey: "pub", privateKey: "00000000-secret" },
      serviceAccount: {
        clientId: "mdb_sa_id_1",
        secrets: [{ id: "s1", secret: "mdb_sa_sk_x", secretExpiresAfterHours: 8 }],
      },
    };
    expect(redactBody(answer)).toEqual({
      organization: { id: "a".repeat(24), name: "acme" },
      apiKey: { id: "k1", publicKey: "pub", privateKey: "[REDACTED]" },
      serviceAccount: {
        clientId: "mdb_sa_id_1",
        secrets: [{ id: "s1", secret: "[REDACTED]", secretExpiresAfterHours: 8 }],
      },
    });
    expect(answer.apiKey.privateKey).toBe("00000000-secret");
  });

  it("matches key names without regard to case, dashes or underscores", () => {
    const masked = redactBody({
      CLIENT_SECRET: 1,
      clientSecret: 2,
      access_token: 3,
      accessToken: 4,
      Token: 5,
      PASSWORD: 6,
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(masked).toEqual({
      CLIENT_SECRET: "[REDACTED]",
      clientSecret: "[REDACTED]",
      access_token: "[REDACTED]",
      accessToken: "[REDACTED]",
      Token: "[REDACTED]",
      PASSWORD: "[REDACTED]",
      token_type: "Bearer",
      expires_in: 3600,
    });
  });

  it("leaves an absent secret visible as absent", () => {
    expect(redactBody({ privateKey: null })).toEqual({ privateKey: null });
  });

  it("survives cycles but keeps shared non-cyclic references", () => {
    const shared = { name: "x" };
    const root: Record<string, unknown> = { a: shared, b: shared };
    root["self"] = root;
    expect(redactBody(root)).toEqual({ a: { name: "x" }, b: { name: "x" }, self: "[Circular]" });
  });

  it("masks credentials inside strings, at any depth", () => {
    expect(redactBody({ detail: "sent Bearer abc.def-123", list: ["mdb_sa_sk_x1"] })).toEqual({ detail: "sent Bearer [REDACTED]", list: ["[REDACTED]"] });
  });

  it("masks Headers and URLSearchParams, and returns primitives and other objects as they are", () => {
    const date = new Date(0);
    expect(
      redactBody([
        new Headers({ authorization: "Bearer t" }),
        new URLSearchParams({ token: "t", token_type_hint: "access_token" }),
        date,
        "text",
        7,
      ]),
    ).toEqual([
      { authorization: "Bearer [REDACTED]" },
      "token=[REDACTED]&token_type_hint=access_token",
      date,
      "text",
      7,
    ]);
  });
});

describe("redactText", () => {
  it("replaces every occurrence of each secret and of its percent-encoded form", () => {
    const secret = "mdb_sa_sk_a/b+c";
    const text = `secret=${encodeURIComponent(secret)} then ${secret} and ${secret}`;
    expect(redactText(text, [secret, ""])).toBe("secret=[REDACTED] then [REDACTED] and [REDACTED]");
  });

  it("masks the longer of two overlapping secrets whole", () => {
    expect(redactText("key=abcdef", ["abc", "abcdef"])).toBe("key=[REDACTED]");
  });
});

describe("maskCredentials", () => {
  const jwt = "eyJhbGciOiJFUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln-_x";

  it("masks the value of Authorization, Proxy-Authorization and cookie lines to the end of the line or a tag", () => {
    const page = `<pre>GET /x\nAuthorization: Bearer ${jwt}\nproxy-authorization:Basic dXNlcjpwYXNz</pre>\nCookie: sid=1; b=2\nAccept: */*`;
    expect(maskCredentials(page)).toBe("<pre>GET /x\nAuthorization: [REDACTED]\nproxy-authorization: [REDACTED]</pre>\nCookie: [REDACTED]\nAccept: */*");
  });

  it("masks what follows Bearer or Basic, and every parameter of Digest credentials", () => {
    const digest = 'Digest username="pub", realm="MMS Public API", nonce="n", nc=00000001, response="0a1b"';
    expect(maskCredentials(`sent Bearer tok-123 then Basic bWRi== and ${digest}; done`)).toBe(
      "sent Bearer [REDACTED] then Basic [REDACTED] and Digest [REDACTED]; done",
    );
  });

  it("masks JWTs and service-account secrets wherever they stand", () => {
    expect(maskCredentials(`token=${jwt}&secret=mdb_sa_sk_a1-b2 (x)`)).toBe("token=[REDACTED]&secret=[REDACTED] (x)");
  });

  it("changes nothing in text it has masked, even once its lines are joined", () => {
    const masked = maskCredentials("a\nAuthorization: Bearer t0k\nb");
    expect(maskCredentials(masked.replace(/\n/g, " "))).toBe("a Authorization: [REDACTED] b");
  });

  it("leaves text without credentials, and Digest named without credentials, as it is", () => {
    const text = "Digest authentication required. The team dbas already exists.";
    expect(maskCredentials(text)).toBe(text);
  });
});

describe("secrets remembered by value", () => {
  it("masks a remembered secret in text, URLs, headers and bodies, whatever its shape, and its percent-encoded form", () => {
    const secret = "plain-key/4f1e+9a";
    rememberSecret(secret);
    expect(maskCredentials(`key ${secret} refused`)).toBe("key [REDACTED] refused");
    expect(redactUrl(`https://h.test/p/${encodeURIComponent(secret)}?q=${secret}`)).toBe("https://h.test/p/[REDACTED]?q=[REDACTED]");
    expect(redactHeaders({ "X-Echo": `was ${secret}` })).toEqual({ "X-Echo": "was [REDACTED]" });
    expect(redactBody({ note: [`has ${secret}`] })).toEqual({ note: ["has [REDACTED]"] });
  });

  it("ignores values shorter than 8 characters, which would mask ordinary words", () => {
    rememberSecret("short");
    expect(maskCredentials("a short text")).toBe("a short text");
  });

  it("remembers an Authorization value's credentials and its Digest response, so an echo without the scheme is masked", () => {
    const response = "9f86d081884c7d659a2feaa0c55ad015";
    rememberAuthorization(`Digest username="pub", realm="r", nonce="abc", uri="/x", nc=00000001, cnonce="c1", qop=auth, response="${response}"`);
    expect(maskCredentials(`username="pub", realm="r", nonce="abc", uri="/x", nc=00000001, cnonce="c1", qop=auth, response="${response}"`)).toBe("[REDACTED]");
    expect(maskCredentials(`hash ${response} refused`)).toBe("hash [REDACTED] refused");
    rememberAuthorization("Bearer opaque-token-123");
    expect(maskCredentials("token opaque-token-123 expired")).toBe("token [REDACTED] expired");
  });

  it("keeps only the newest per-request values, so a long-running client does not grow without bound", () => {
    const first = "recent-value-00000";
    rememberSecret(first, "recent");
    for (let i = 1; i <= 256; i++) rememberSecret(`recent-value-${String(i).padStart(5, "0")}`, "recent");
    expect(maskCredentials(first)).toBe(first);
    expect(maskCredentials("recent-value-00256")).toBe("[REDACTED]");
  });
});
