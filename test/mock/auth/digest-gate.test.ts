import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createDigestGate, type DigestGate, type DigestGateOptions } from "../../../src/mock/auth/digest-gate.js";
import type { GateResult, MockPrincipal } from "../../../src/mock/auth/mock-principal.js";

const ORIGIN = "http://mock.test";
const PATH = "/api/atlas/v2/orgs?pageNum=2";
const PRINCIPAL: MockPrincipal = { kind: "apiKey", publicKey: "abcdefgh" };
const ACCOUNTS: Record<string, { password: string; principal: MockPrincipal }> = {
  abcdefgh: { password: "0d4c6f2e-private", principal: PRINCIPAL },
};

function gateWith(options: Partial<DigestGateOptions> = {}): DigestGate {
  return createDigestGate({ lookup: (username) => ACCOUNTS[username], ...options });
}

function responseOf(result: GateResult): Response {
  if (!("response" in result)) throw new Error("expected a refusal");
  return result.response;
}

/** The parameters of each `Digest …` challenge in a (possibly joined) WWW-Authenticate value. */
function challenges(response: Response): Record<string, string>[] {
  const header = response.headers.get("WWW-Authenticate") ?? "";
  return header
    .split(/,?\s*(?=Digest )/)
    .filter((part) => part.startsWith("Digest "))
    .map((part) => {
      const params: Record<string, string> = {};
      for (const match of part.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[match[1] ?? ""] = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : (match[3] ?? "");
      }
      return params;
    });
}

async function firstChallenge(gate: DigestGate): Promise<Record<string, string>> {
  const [challenge] = challenges(responseOf(await gate.authenticate(new Request(ORIGIN + PATH))));
  if (!challenge) throw new Error("no challenge");
  return challenge;
}

interface SignInput {
  nonce: string;
  realm?: string;
  username?: string;
  password?: string;
  method?: string;
  uri?: string;
  algorithm?: string | undefined;
  nc?: string;
  cnonce?: string;
  qop?: string;
  opaque?: string;
  userhash?: boolean;
}

const HASH_NAMES: Record<string, string> = { MD5: "md5", "SHA-256": "sha256", "SHA-512-256": "sha512-256" };

/** The client side of RFC 7616 §3.4, written from the RFC. */
function authorization(input: SignInput): string {
  const algorithm = input.algorithm ?? "MD5";
  const hashName = HASH_NAMES[algorithm.replace(/-sess$/, "")] ?? "";
  const h = (text: string) => createHash(hashName).update(text).digest("hex");
  const realm = input.realm ?? "MMS Public API";
  const username = input.username ?? "abcdefgh";
  const uri = input.uri ?? PATH;
  const nc = input.nc ?? "00000001";
  const cnonce = input.cnonce ?? randomBytes(8).toString("hex");
  const qop = input.qop ?? "auth";
  let ha1 = h(`${username}:${realm}:${input.password ?? "0d4c6f2e-private"}`);
  if (algorithm.endsWith("-sess")) ha1 = h(`${ha1}:${input.nonce}:${cnonce}`);
  const ha2 = h(`${input.method ?? "GET"}:${uri}`);
  const response = h(`${ha1}:${input.nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  const quote = (value: string) => `"${value.replace(/["\\]/g, "\\$&")}"`;
  const fields = [
    `username=${quote(input.userhash ? h(`${username}:${realm}`) : username)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(input.nonce)}`,
    `uri=${quote(uri)}`,
    ...(input.algorithm === undefined ? [] : [`algorithm=${algorithm}`]),
    `qop=${qop}`,
    `nc=${nc}`,
    `cnonce=${quote(cnonce)}`,
    `response=${quote(response)}`,
    ...(input.opaque === undefined ? [] : [`opaque=${quote(input.opaque)}`]),
    ...(input.userhash ? ["userhash=true"] : []),
  ];
  return `Digest ${fields.join(", ")}`;
}

function signed(input: SignInput, path = PATH): Request {
  return new Request(ORIGIN + path, { method: input.method ?? "GET", headers: { Authorization: authorization(input) } });
}

async function expectRefused(gate: DigestGate, request: Request, stale: boolean): Promise<void> {
  const response = responseOf(await gate.authenticate(request));
  expect(response.status).toBe(401);
  expect(challenges(response)[0]?.stale).toBe(String(stale));
}

describe("createDigestGate", () => {
  it("challenges an unsigned request exactly as Atlas does, with an Atlas error body", async () => {
    const response = responseOf(await gateWith().authenticate(new Request(ORIGIN + PATH)));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(
      /^Digest realm="MMS Public API", domain="", nonce="[A-Za-z0-9_-]{32}", algorithm=MD5, qop="auth", stale=false$/,
    );
    expect(await response.json()).toMatchObject({
      error: 401,
      errorCode: "UNAUTHORIZED",
      detail: "You are not authorized for this resource.",
    });
  });

  it("hands out a different nonce with every challenge", async () => {
    const gate = gateWith();
    const first = await firstChallenge(gate);
    const second = await firstChallenge(gate);
    expect(first.nonce).not.toBe(second.nonce);
  });

  it("offers one challenge per configured algorithm, in order, sharing one nonce", async () => {
    const response = responseOf(await gateWith({ algorithms: ["SHA-256", "MD5"] }).authenticate(new Request(ORIGIN + PATH)));
    const [sha, md5] = challenges(response);
    expect([sha?.algorithm, md5?.algorithm]).toEqual(["SHA-256", "MD5"]);
    expect(sha?.nonce).toBe(md5?.nonce);
  });

  it("accepts a correctly signed MD5 request and names the principal", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    expect(await gate.authenticate(signed({ nonce, algorithm: "MD5" }))).toEqual({ principal: PRINCIPAL });
  });

  it("treats a missing algorithm as MD5", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    expect(await gate.authenticate(signed({ nonce, algorithm: undefined }))).toEqual({ principal: PRINCIPAL });
  });

  it.each(["SHA-256", "MD5-sess", "SHA-256-sess", "SHA-512-256"])("accepts a request signed with %s when offered", async (algorithm) => {
    const gate = gateWith({ algorithms: [algorithm] });
    const { nonce = "" } = await firstChallenge(gate);
    expect(await gate.authenticate(signed({ nonce, algorithm }))).toEqual({ principal: PRINCIPAL });
  });

  it("refuses an algorithm it did not offer", async () => {
    const gate = gateWith({ algorithms: ["SHA-256"] });
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, algorithm: "MD5" }), false);
  });

  it("signs the method into the hash, so a POST signed as GET is refused", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    const request = new Request(ORIGIN + PATH, { method: "POST", headers: { Authorization: authorization({ nonce, method: "GET" }) } });
    await expectRefused(gate, request, false);
    expect(await gate.authenticate(signed({ nonce, method: "POST", nc: "00000002" }))).toEqual({ principal: PRINCIPAL });
  });

  it("refuses a wrong password with stale=false", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, password: "wrong" }), false);
  });

  it("refuses an unknown username with stale=false", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, username: "nobody" }), false);
  });

  it("answers 400 INVALID_DIGEST_URI when the signed uri leaves out the query", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    const response = responseOf(await gate.authenticate(signed({ nonce, uri: "/api/atlas/v2/orgs" })));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errorCode: "INVALID_DIGEST_URI" });
  });

  it("refuses another realm, another qop, an nc that is not 8 hex digits and a missing cnonce", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, realm: "Other" }), false);
    await expectRefused(gate, signed({ nonce, qop: "auth-int" }), false);
    await expectRefused(gate, signed({ nonce, nc: "1" }), false);
    await expectRefused(gate, signed({ nonce, cnonce: "" }), false);
  });

  it("refuses nc 00000000", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, nc: "00000000" }), false);
  });

  it("refuses a replayed nc in strict mode", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    const header = authorization({ nonce, nc: "00000001" });
    expect(await gate.authenticate(new Request(ORIGIN + PATH, { headers: { Authorization: header } }))).toEqual({ principal: PRINCIPAL });
    await expectRefused(gate, new Request(ORIGIN + PATH, { headers: { Authorization: header } }), false);
  });

  it("refuses an nc that arrives out of order in strict mode and accepts a rising one", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    expect(await gate.authenticate(signed({ nonce, nc: "00000002" }))).toEqual({ principal: PRINCIPAL });
    await expectRefused(gate, signed({ nonce, nc: "00000001" }), false);
    expect(await gate.authenticate(signed({ nonce, nc: "0000000a" }))).toEqual({ principal: PRINCIPAL });
  });

  it("accepts repeated and out-of-order nc when not strict", async () => {
    const gate = gateWith({ strictNonceCount: false });
    const { nonce = "" } = await firstChallenge(gate);
    for (const nc of ["00000002", "00000001", "00000001"]) {
      expect(await gate.authenticate(signed({ nonce, nc }))).toEqual({ principal: PRINCIPAL });
    }
  });

  it("does not let a request with a wrong hash raise the nonce count", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, nc: "00000009", password: "wrong" }), false);
    expect(await gate.authenticate(signed({ nonce, nc: "00000002" }))).toEqual({ principal: PRINCIPAL });
  });

  it("answers stale=true with a new nonce once the nonce has expired", async () => {
    let clock = 1_000_000;
    const gate = gateWith({ nonceLifetimeMs: 60_000, now: () => clock });
    const { nonce = "" } = await firstChallenge(gate);
    clock += 59_999;
    expect(await gate.authenticate(signed({ nonce, nc: "00000001" }))).toEqual({ principal: PRINCIPAL });
    clock += 1;
    const response = responseOf(await gate.authenticate(signed({ nonce, nc: "00000002" })));
    expect(response.status).toBe(401);
    expect(challenges(response)[0]).toMatchObject({ stale: "true" });
    expect(challenges(response)[0]?.nonce).not.toBe(nonce);
  });

  it("answers stale=false for an expired nonce signed with a wrong password", async () => {
    let clock = 0;
    const gate = gateWith({ nonceLifetimeMs: 1000, now: () => clock });
    const { nonce = "" } = await firstChallenge(gate);
    clock += 5000;
    await expectRefused(gate, signed({ nonce, password: "wrong" }), false);
  });

  it("answers stale=true for a correctly signed nonce it never issued", async () => {
    await expectRefused(gateWith(), signed({ nonce: "made-up-nonce" }), true);
  });

  it("forgets the oldest nonces past ten thousand outstanding ones", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    for (let i = 0; i < 10_000; i += 1) await gate.authenticate(new Request(ORIGIN + PATH));
    await expectRefused(gate, signed({ nonce }), true);
  });

  it("forgets every nonce on reset(): one issued before it gets stale=true", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    gate.reset();
    await expectRefused(gate, signed({ nonce }), true);
  });

  it("sends an opaque when configured and refuses a request that does not echo it", async () => {
    const gate = gateWith({ opaque: true });
    const { nonce = "", opaque = "" } = await firstChallenge(gate);
    expect(opaque).toMatch(/^[0-9a-f]{32}$/);
    await expectRefused(gate, signed({ nonce }), false);
    await expectRefused(gate, signed({ nonce, opaque: "other", nc: "00000002" }), false);
    expect(await gate.authenticate(signed({ nonce, opaque, nc: "00000003" }))).toEqual({ principal: PRINCIPAL });
  });

  it("sends no opaque by default", async () => {
    expect(await firstChallenge(gateWith())).not.toHaveProperty("opaque");
  });

  it("accepts userhash=true when it can list the usernames", async () => {
    const gate = gateWith({ algorithms: ["SHA-256"], usernames: () => ["someone", "abcdefgh"] });
    const { nonce = "" } = await firstChallenge(gate);
    expect(await gate.authenticate(signed({ nonce, algorithm: "SHA-256", userhash: true }))).toEqual({ principal: PRINCIPAL });
  });

  it("refuses userhash=true when it cannot list the usernames", async () => {
    const gate = gateWith();
    const { nonce = "" } = await firstChallenge(gate);
    await expectRefused(gate, signed({ nonce, userhash: true }), false);
  });

  it("quotes and unquotes a realm that holds a quote", async () => {
    const realm = 'Ops "Manager"';
    const gate = gateWith({ realm });
    const response = responseOf(await gate.authenticate(new Request(ORIGIN + PATH)));
    expect(response.headers.get("WWW-Authenticate")).toContain('realm="Ops \\"Manager\\""');
    const nonce = challenges(response)[0]?.nonce ?? "";
    expect(await gate.authenticate(signed({ nonce, realm }))).toEqual({ principal: PRINCIPAL });
  });

  it.each([
    ["another scheme", "Basic YWJjOmRlZg=="],
    ["a malformed parameter list", 'Digest username="abcdefgh", realm'],
    ["a missing response", 'Digest username="abcdefgh", realm="MMS Public API", nonce="n", uri="/", qop=auth, nc=00000001, cnonce="c"'],
  ])("challenges %s", async (_name, header) => {
    await expectRefused(gateWith(), new Request(ORIGIN + PATH, { headers: { Authorization: header } }), false);
  });

  it("refuses to be created with an algorithm it cannot check, or with none", () => {
    expect(() => gateWith({ algorithms: ["SHA-1"] })).toThrow(TypeError);
    expect(() => gateWith({ algorithms: [] })).toThrow(TypeError);
  });
});
