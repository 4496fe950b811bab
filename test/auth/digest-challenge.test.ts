import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DigestChallengeError,
  parseAuthenticationInfo,
  parseDigestChallenges,
  selectDigestChallenge,
} from "../../src/auth/digest-challenge.js";

const ATLAS =
  'Digest realm="MMS Public API", domain="", nonce="abc/def+ghi=", algorithm=MD5, qop="auth", stale=false';

describe("parseDigestChallenges", () => {
  it("reads Atlas's challenge into lower-cased, unquoted parameters", () => {
    expect(parseDigestChallenges(ATLAS)).toEqual([
      { realm: "MMS Public API", domain: "", nonce: "abc/def+ghi=", algorithm: "MD5", qop: "auth", stale: "false" },
    ]);
  });

  it("finds the Digest challenge after Basic in the same header", () => {
    expect(parseDigestChallenges('Basic realm="x", Digest realm="a", nonce="b"')).toEqual([
      { realm: "a", nonce: "b" },
    ]);
  });

  it("reads past a Negotiate token68 and a bare scheme", () => {
    const header = 'Negotiate YIIBhw+/ab==, NTLM, Digest realm="a", nonce="b", Bearer realm="c"';
    expect(parseDigestChallenges(header)).toEqual([{ realm: "a", nonce: "b" }]);
  });

  it("returns every Digest challenge in header order", () => {
    const header = 'Digest realm="a", nonce="1", algorithm=SHA-256, Digest realm="a", nonce="1", algorithm=MD5';
    expect(parseDigestChallenges(header).map((c) => c.algorithm)).toEqual(["SHA-256", "MD5"]);
  });

  it("keeps commas, equals signs and escaped quotes inside quoted strings", () => {
    const [challenge] = parseDigestChallenges('Digest realm="a, b=c \\"d\\" \\\\e", nonce="n"');
    expect(challenge?.realm).toBe('a, b=c "d" \\e');
  });

  it("accepts any case for the scheme and parameter names", () => {
    expect(parseDigestChallenges('dIgEsT ReAlM="a", NONCE="b", QoP=auth')).toEqual([
      { realm: "a", nonce: "b", qop: "auth" },
    ]);
  });

  it("tolerates spaces around = and missing commas between parameters", () => {
    expect(parseDigestChallenges('Digest realm = "a" nonce= b ,opaque ="c"')).toEqual([
      { realm: "a", nonce: "b", opaque: "c" },
    ]);
  });

  it("keeps the first of a repeated parameter", () => {
    expect(parseDigestChallenges('Digest realm="a", realm="b", nonce="n"')[0]?.realm).toBe("a");
  });

  it("returns nothing when no challenge is Digest", () => {
    expect(parseDigestChallenges('Basic realm="x", Bearer')).toEqual([]);
    expect(parseDigestChallenges("")).toEqual([]);
  });

  it("throws DigestChallengeError for an unclosed quoted string", () => {
    expect(() => parseDigestChallenges('Digest realm="a, nonce=b')).toThrow(DigestChallengeError);
    expect(() => parseDigestChallenges('Digest realm="a, nonce=b')).toThrow(expect.objectContaining({ mayHaveActed: false }));
    expect(() => parseDigestChallenges('Digest realm="a\\')).toThrow(/quoted string is not closed/);
  });

  it("throws DigestChallengeError naming the position of a stray character", () => {
    expect(() => parseDigestChallenges('Digest realm="a"; nonce="b"')).toThrow(
      /unexpected character at position 16/,
    );
  });

  it("never repeats the header in its error message", () => {
    const header = 'Digest realm="secret-looking-value", nonce="x';
    expect(() => parseDigestChallenges(header)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("secret-looking-value") }),
    );
  });
});

describe("parseDigestChallenges (property)", () => {
  const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".split("");
  const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
  const printable = fc.string({
    unit: fc.constantFrom(..." \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ09".split("")),
    maxLength: 20,
  });
  const params = fc.uniqueArray(fc.tuple(token, printable), {
    minLength: 1,
    maxLength: 8,
    selector: ([name]) => name.toLowerCase(),
  });
  const serialize = (name: string, value: string, bare: boolean): string =>
    bare && /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? `${name}=${value}` : `${name}="${value.replace(/["\\]/g, "\\$&")}"`;

  it("parses back every serialized parameter set, whatever its neighbours", () => {
    fc.assert(
      fc.property(
        params,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("", 'Basic realm="x, y", ', "Negotiate abc+/==, "),
        fc.constantFrom("", ', Basic realm="z"', ", Bearer"),
        fc.constantFrom(", ", ",", " ,  "),
        (pairs, bare, before, after, separator) => {
          const body = pairs.map(([name, value], i) => serialize(name, value, bare[i] ?? false)).join(separator);
          const parsed = parseDigestChallenges(`${before}Digest ${body}${after}`);
          expect(parsed).toEqual([Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]))]);
        },
      ),
    );
  });

  it("either parses or throws DigestChallengeError on any input", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (header) => {
        try {
          expect(Array.isArray(parseDigestChallenges(header))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(DigestChallengeError);
        }
      }),
    );
  });
});

describe("parseAuthenticationInfo", () => {
  it("reads nextnonce and the other parameters", () => {
    expect(parseAuthenticationInfo('nextnonce="n2", qop=auth, rspauth="abc", nc=00000001')).toEqual({
      nextnonce: "n2",
      qop: "auth",
      rspauth: "abc",
      nc: "00000001",
    });
  });

  it("ends at a token that is not followed by =", () => {
    expect(parseAuthenticationInfo('nextnonce="n2", rspauth')).toEqual({ nextnonce: "n2" });
  });
});

describe("selectDigestChallenge", () => {
  const base = { realm: "r", nonce: "n", qop: "auth" };

  it("settles Atlas's challenge to MD5 with qop=auth", () => {
    expect(selectDigestChallenge(parseDigestChallenges(ATLAS))).toEqual({
      realm: "MMS Public API",
      nonce: "abc/def+ghi=",
      algorithm: "MD5",
      qop: "auth",
      opaque: undefined,
      userhash: false,
      stale: false,
    });
  });

  it("prefers SHA-256 over MD5 whatever the order", () => {
    const md5 = { ...base, algorithm: "MD5" };
    const sha = { ...base, algorithm: "SHA-256" };
    expect(selectDigestChallenge([md5, sha]).algorithm).toBe("SHA-256");
    expect(selectDigestChallenge([sha, md5]).algorithm).toBe("SHA-256");
  });

  it("prefers SHA-512-256 over SHA-256 and keeps header order among equals", () => {
    const chosen = selectDigestChallenge([
      { ...base, algorithm: "SHA-256" },
      { ...base, algorithm: "sha-512-256-SESS", nonce: "first" },
      { ...base, algorithm: "SHA-512-256", nonce: "second" },
    ]);
    expect(chosen).toMatchObject({ algorithm: "SHA-512-256-sess", nonce: "first" });
  });

  it("defaults the algorithm to MD5 and reads stale, userhash and opaque", () => {
    expect(selectDigestChallenge([{ ...base, stale: "TRUE", userhash: "true", opaque: "o" }])).toMatchObject({
      algorithm: "MD5",
      stale: true,
      userhash: true,
      opaque: "o",
    });
  });

  it("chooses auth from a qop list", () => {
    expect(selectDigestChallenge([{ ...base, qop: "auth-int, AUTH" }]).qop).toBe("auth");
  });

  it("accepts a challenge without qop as RFC 2069", () => {
    expect(selectDigestChallenge([{ realm: "r", nonce: "n" }]).qop).toBeUndefined();
  });

  it("skips an unusable challenge when another can be answered", () => {
    const chosen = selectDigestChallenge([{ ...base, algorithm: "SHA-1" }, { ...base, algorithm: "MD5" }]);
    expect(chosen.algorithm).toBe("MD5");
  });

  it.each([
    [{ ...base, algorithm: "SHA-1" }, 'unsupported algorithm "SHA-1"'],
    [{ realm: "r", qop: "auth" }, "missing nonce"],
    [{ nonce: "n", qop: "auth" }, "missing realm"],
    [{ ...base, qop: "auth-int" }, "unsupported qop (only auth is supported)"],
    [{ realm: "r", nonce: "n", algorithm: "MD5-sess" }, "MD5-sess without qop"],
  ])("throws DigestChallengeError for %o", (challenge, reason) => {
    expect(() => selectDigestChallenge([challenge])).toThrow(
      new DigestChallengeError(`No usable Digest challenge: ${reason}`),
    );
  });

  it("names every reason when no challenge can be answered", () => {
    expect(() => selectDigestChallenge([{ ...base, algorithm: "SHA-1" }, { realm: "r" }])).toThrow(
      'No usable Digest challenge: unsupported algorithm "SHA-1"; missing nonce',
    );
  });

  it("says so when there is no Digest challenge at all", () => {
    expect(() => selectDigestChallenge([])).toThrow("No usable Digest challenge: no Digest challenge");
  });

  it("is an Error subclass named DigestChallengeError", () => {
    const error = new DigestChallengeError("x");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DigestChallengeError");
  });
});
