import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDigestAuthorization,
  computeDigestResponse,
  digestHash,
  formatNonceCount,
  type DigestAuthorizationInput,
} from "../../src/auth/digest-authorization.js";
import type { DigestAlgorithm, UsableDigestChallenge } from "../../src/auth/digest-challenge.js";
import { expectedDigestResponse, readAuthorization } from "../support/digest-server.js";

const RFC7616_CHALLENGE: UsableDigestChallenge = {
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  algorithm: "MD5",
  qop: "auth",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  userhash: false,
  stale: false,
};

const RFC7616_INPUT: DigestAuthorizationInput = {
  challenge: RFC7616_CHALLENGE,
  username: "Mufasa",
  password: "Circle of Life",
  method: "GET",
  uri: "/dir/index.html",
  nc: 1,
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

describe("computeDigestResponse (RFC test vectors)", () => {
  it("matches RFC 7616 §3.9.1 with MD5", () => {
    expect(computeDigestResponse(RFC7616_INPUT)).toBe("8ca523f5e9506fed4657c9700eebdbec");
  });

  it("matches RFC 7616 §3.9.1 with SHA-256", () => {
    const input = { ...RFC7616_INPUT, challenge: { ...RFC7616_CHALLENGE, algorithm: "SHA-256" as const } };
    expect(computeDigestResponse(input)).toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  });

  it("matches RFC 2617 §3.5", () => {
    const input: DigestAuthorizationInput = {
      ...RFC7616_INPUT,
      password: "Circle Of Life",
      cnonce: "0a4f113b",
      challenge: { ...RFC7616_CHALLENGE, realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093" },
    };
    expect(computeDigestResponse(input)).toBe("6629fae49393a05397450978507c4ef1");
  });
});

describe("buildDigestAuthorization", () => {
  it("builds RFC 7616 §3.9.2 (SHA-512-256, userhash) with the values of erratum 4897", () => {
    const header = buildDigestAuthorization({
      challenge: {
        realm: "api@example.org",
        nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK",
        algorithm: "SHA-512-256",
        qop: "auth",
        opaque: "HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS",
        userhash: true,
        stale: false,
      },
      username: "J\u00e4s\u00f8n Doe",
      password: "Secret, or not?",
      method: "GET",
      uri: "/doe.json",
      nc: 1,
      cnonce: "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v",
    });
    expect(header).toBe(
      'Digest username="793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b", ' +
        'realm="api@example.org", nonce="5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", uri="/doe.json", ' +
        'algorithm=SHA-512-256, response="3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5", ' +
        'qop=auth, nc=00000001, cnonce="NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v", ' +
        'opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", userhash=true',
    );
  });

  it("builds Atlas's form: no opaque, no userhash", () => {
    const header = buildDigestAuthorization({ ...RFC7616_INPUT, challenge: { ...RFC7616_CHALLENGE, opaque: undefined } });
    expect(header).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'uri="/dir/index.html", algorithm=MD5, response="8ca523f5e9506fed4657c9700eebdbec", qop=auth, nc=00000001, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"',
    );
  });

  it("leaves qop, nc and cnonce out of an RFC 2069 answer", () => {
    const header = buildDigestAuthorization({ ...RFC7616_INPUT, challenge: { ...RFC7616_CHALLENGE, qop: undefined } });
    expect(header).not.toMatch(/qop=|nc=|cnonce=/);
    const params = readAuthorization(header) ?? {};
    expect(params.response).toBe(
      expectedDigestResponse({ params, method: "GET", username: "Mufasa", password: "Circle of Life", realm: RFC7616_CHALLENGE.realm }),
    );
  });

  it("escapes quotes and backslashes inside quoted values", () => {
    const header = buildDigestAuthorization({
      ...RFC7616_INPUT,
      username: 'a"b\\c',
      challenge: { ...RFC7616_CHALLENGE, realm: 'r"' },
    });
    expect(header).toContain('username="a\\"b\\\\c", realm="r\\""');
  });

  it("throws RangeError rather than send an out-of-range nc", () => {
    expect(() => buildDigestAuthorization({ ...RFC7616_INPUT, nc: 0 })).toThrow(RangeError);
  });
});

describe("formatNonceCount", () => {
  it.each([
    [1, "00000001"],
    [255, "000000ff"],
    [0xffffffff, "ffffffff"],
  ])("formats %d as %s", (nc, expected) => {
    expect(formatNonceCount(nc)).toBe(expected);
  });

  it.each([0, -1, 1.5, 0x100000000, Number.NaN])("refuses %d", (nc) => {
    expect(() => formatNonceCount(nc)).toThrow(RangeError);
  });
});

describe("digestHash", () => {
  it("hashes UTF-8 with the algorithm's function, -sess or not", () => {
    expect(digestHash("MD5", "abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(digestHash("SHA-256-sess", "abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(digestHash("SHA-512-256", "abc")).toBe("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
  });
});

describe("buildDigestAuthorization (property)", () => {
  const ALGORITHMS: DigestAlgorithm[] = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"];
  const text = fc.string({ unit: fc.constantFrom(..." !\"#,/=\\abcXYZ09é".split("")), maxLength: 16 });
  const input = fc.record({
    challenge: fc.record({
      realm: text,
      nonce: text.filter((nonce) => nonce.length > 0),
      algorithm: fc.constantFrom(...ALGORITHMS),
      qop: fc.constant("auth" as const),
      opaque: fc.option(text, { nil: undefined }),
      userhash: fc.boolean(),
      stale: fc.constant(false),
    }),
    username: text,
    password: text,
    method: fc.constantFrom("GET", "POST", "PATCH", "DELETE"),
    uri: fc.webPath().map((path) => path || "/"),
    nc: fc.integer({ min: 1, max: 0xffffffff }),
    cnonce: fc.string({ unit: fc.constantFrom(..."0123456789abcdef".split("")), minLength: 16, maxLength: 32 }),
  });

  it("sends nc as 8 lower-case hex digits and never quotes algorithm, qop or nc", () => {
    fc.assert(
      fc.property(input, (values) => {
        const header = buildDigestAuthorization(values);
        expect(header).toMatch(new RegExp(`, nc=${values.nc.toString(16).padStart(8, "0")}, `));
        expect(header).toContain(`, algorithm=${values.challenge.algorithm}, `);
        expect(header).toContain(", qop=auth, ");
      }),
    );
  });

  it("gives back every value unchanged to the server's independent reader", () => {
    fc.assert(
      fc.property(input, (values) => {
        const params = readAuthorization(buildDigestAuthorization(values)) ?? {};
        const { challenge } = values;
        expect(params).toMatchObject({ realm: challenge.realm, nonce: challenge.nonce, uri: values.uri, cnonce: values.cnonce });
        expect(params.opaque).toBe(challenge.opaque);
        if (!challenge.userhash) expect(params.username).toBe(values.username);
      }),
    );
  });

  it("computes a response the independent server implementation accepts", () => {
    fc.assert(
      fc.property(input, (values) => {
        const params = readAuthorization(buildDigestAuthorization(values)) ?? {};
        const server = { username: values.username, password: values.password, realm: values.challenge.realm };
        expect(params.response).toBe(expectedDigestResponse({ ...server, params, method: values.method }));
      }),
    );
  });
});
