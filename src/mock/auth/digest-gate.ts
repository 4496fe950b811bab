/**
 * The mock's HTTP Digest check (RFC 7616), shaped like Atlas's: realm `MMS Public API`,
 * `qop="auth"`, no opaque, nonces that go stale.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { apiErrorResponse } from "../core/api-error-response.js";
import type { GateResult, MockPrincipal } from "./mock-principal.js";

/** How {@link createDigestGate} behaves. */
export interface DigestGateOptions {
  /** Default "MMS Public API". */
  realm?: string;
  /** Algorithms offered, one challenge each, in order. Default ["MD5"]. Supports "MD5", "SHA-256", "SHA-512-256" (and their -sess forms). */
  algorithms?: readonly string[];
  /** How long a nonce is valid; after that a request signed with it gets 401 with stale=true. Default 300_000 (Atlas says "a short time"; Ops Manager 60 s). */
  nonceLifetimeMs?: number;
  /** Refuse an nc that is not strictly higher than the last one seen for that nonce (default true). */
  strictNonceCount?: boolean;
  /** Send an opaque and require it echoed (default false: Atlas sends none). */
  opaque?: boolean;
  /** Finds the secret for a digest username (API key public key, or a user's username). */
  lookup(username: string): { readonly password: string; readonly principal: MockPrincipal } | undefined;
  /**
   * Every known digest username. Only needed to accept `userhash=true`, where the client
   * sends `H(username:realm)` and the gate must find whose hash it is; without it such
   * requests are refused.
   */
  usernames?(): Iterable<string>;
  /** Clock, for tests. */
  now?: () => number;
}

/** The Digest check the mock runs on API-key and user calls. */
export interface DigestGate {
  /** Checks the request's `Authorization: Digest …`; answers 401 with a fresh challenge when it is missing, wrong, stale or replayed. */
  authenticate(request: Request): Promise<GateResult>;
  /** Forget every nonce issued, as a restart would: a client signing with one gets stale=true. */
  reset(): void;
}

interface DigestAlgorithm {
  /** As offered in the challenge, e.g. `SHA-256-sess`. */
  readonly name: string;
  /** The node:crypto hash name. */
  readonly hash: string;
  readonly session: boolean;
}

interface DigestAccount {
  readonly username: string;
  readonly password: string;
  readonly principal: MockPrincipal;
}

interface NonceRecord {
  readonly issuedAt: number;
  readonly opaque: string | undefined;
  lastNc: number;
}

const REQUIRED = ["username", "realm", "nonce", "uri", "response", "qop", "nc", "cnonce"] as const;
type DigestFields = Record<(typeof REQUIRED)[number], string> & {
  readonly algorithm: string | undefined;
  readonly opaque: string | undefined;
  readonly userhash: boolean;
};

const HASHES: Readonly<Record<string, string>> = { MD5: "md5", "SHA-256": "sha256", "SHA-512-256": "sha512-256" };
/** Unauthenticated callers mint a nonce each; past this many the oldest are forgotten (their users get stale=true). */
const MAX_NONCES = 10_000;
const NOT_AUTHORIZED = "You are not authorized for this resource.";

/** Creates the Digest gate; throws a `TypeError` for an algorithm it cannot check. */
export function createDigestGate(options: DigestGateOptions): DigestGate {
  const realm = options.realm ?? "MMS Public API";
  const algorithms = (options.algorithms ?? ["MD5"]).map(parseAlgorithm);
  if (algorithms.length === 0) throw new TypeError("A digest gate needs at least one algorithm");
  const lifetimeMs = options.nonceLifetimeMs ?? 300_000;
  const strict = options.strictNonceCount ?? true;
  const now = options.now ?? Date.now;
  const nonces = new Map<string, NonceRecord>();

  function issueNonce(): [string, NonceRecord] {
    forgetOldNonces();
    const nonce = randomBytes(24).toString("base64url");
    const record = { issuedAt: now(), opaque: options.opaque ? randomBytes(16).toString("hex") : undefined, lastNc: 0 };
    nonces.set(nonce, record);
    return [nonce, record];
  }

  // A Map iterates in insertion order, so the oldest nonces come first.
  function forgetOldNonces(): void {
    for (const [nonce, record] of nonces) {
      if (nonces.size < MAX_NONCES && now() - record.issuedAt < lifetimeMs) return;
      nonces.delete(nonce);
    }
  }

  function refuse(stale: boolean): GateResult {
    const response = apiErrorResponse(401, "UNAUTHORIZED", NOT_AUTHORIZED);
    const [nonce, record] = issueNonce();
    for (const algorithm of algorithms) {
      response.headers.append("WWW-Authenticate", challenge(realm, nonce, algorithm.name, stale, record.opaque));
    }
    return { response };
  }

  function findAccount(fields: DigestFields, algorithm: DigestAlgorithm): DigestAccount | undefined {
    if (!fields.userhash) return withName(fields.username);
    for (const username of options.usernames?.() ?? []) {
      if (hash(algorithm.hash, `${username}:${realm}`) === fields.username.toLowerCase()) return withName(username);
    }
    return undefined;
  }

  function withName(username: string): DigestAccount | undefined {
    const account = options.lookup(username);
    return account && { username, password: account.password, principal: account.principal };
  }

  async function authenticate(request: Request): Promise<GateResult> {
    const fields = readFields(parseDigestAuthorization(request.headers.get("Authorization")));
    if (!fields) return refuse(false);
    // Apache and lighttpd answer 400 "uri mismatch" here rather than 401: a client that
    // signed the path without its query must learn that no retry with the same uri helps.
    if (fields.uri !== requestTarget(request)) {
      return { response: apiErrorResponse(400, "INVALID_DIGEST_URI", "The digest uri does not match the request URI.") };
    }
    const algorithm = algorithms.find((offered) => offered.name.toUpperCase() === (fields.algorithm ?? "MD5").toUpperCase());
    const nc = parseNonceCount(fields.nc);
    if (!algorithm || fields.realm !== realm || fields.qop !== "auth" || nc === undefined) return refuse(false);
    const account = findAccount(fields, algorithm);
    if (!account) return refuse(false);
    const expected = expectedResponse(fields, algorithm, account.username, account.password, request.method);
    if (!sameHex(expected, fields.response)) return refuse(false);
    // The hash proves the credentials, so a nonce we no longer hold (expired, evicted or
    // from before a restart) only asks the client to sign again: stale=true.
    const record = nonces.get(fields.nonce);
    if (!record || now() - record.issuedAt >= lifetimeMs) return refuse(true);
    if (record.opaque !== undefined && fields.opaque !== record.opaque) return refuse(false);
    if (strict && nc <= record.lastNc) return refuse(false);
    record.lastNc = Math.max(record.lastNc, nc);
    return { principal: account.principal };
  }

  return { authenticate, reset: () => nonces.clear() };
}

function parseAlgorithm(name: string): DigestAlgorithm {
  const session = /-sess$/i.test(name);
  const hashName = HASHES[name.replace(/-sess$/i, "").toUpperCase()];
  if (!hashName) throw new TypeError(`Unsupported digest algorithm: ${name}`);
  return { name, hash: hashName, session };
}

function challenge(realm: string, nonce: string, algorithm: string, stale: boolean, opaque: string | undefined): string {
  const fields = [`realm=${quote(realm)}`, `domain=""`, `nonce="${nonce}"`, `algorithm=${algorithm}`, `qop="auth"`, `stale=${stale}`];
  if (opaque !== undefined) fields.push(`opaque="${opaque}"`);
  return `Digest ${fields.join(", ")}`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** Reads `Digest k=v, k="v", …` into lower-cased names; undefined when it is not that. */
function parseDigestAuthorization(header: string | null): Map<string, string> | undefined {
  const scheme = header === null ? null : /^Digest\s+/i.exec(header);
  if (header === null || !scheme) return undefined;
  const param = /\s*([\w!#$%&'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)/y;
  param.lastIndex = scheme[0].length;
  const params = new Map<string, string>();
  while (param.lastIndex < header.length) {
    const match = param.exec(header);
    if (!match) return undefined;
    const [, name = "", quoted, token] = match;
    params.set(name.toLowerCase(), quoted === undefined ? (token ?? "") : quoted.replace(/\\(.)/g, "$1"));
  }
  return params;
}

function readFields(params: Map<string, string> | undefined): DigestFields | undefined {
  if (!params) return undefined;
  const required: Partial<Record<(typeof REQUIRED)[number], string>> = {};
  for (const name of REQUIRED) {
    const value = params.get(name);
    if (!value) return undefined;
    required[name] = value;
  }
  return {
    ...(required as Record<(typeof REQUIRED)[number], string>),
    algorithm: params.get("algorithm"),
    opaque: params.get("opaque"),
    userhash: params.get("userhash")?.toLowerCase() === "true",
  };
}

/** `nc` is 8 hex digits; Atlas refuses 00000000, so it maps to undefined too. */
function parseNonceCount(nc: string): number | undefined {
  if (!/^[0-9a-f]{8}$/i.test(nc)) return undefined;
  const count = Number.parseInt(nc, 16);
  return count === 0 ? undefined : count;
}

function requestTarget(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/** RFC 7616 §3.4.1; `username` is the real name even when the client sent its hash. */
function expectedResponse(fields: DigestFields, algorithm: DigestAlgorithm, username: string, password: string, method: string): string {
  const h = (text: string) => hash(algorithm.hash, text);
  const base = h(`${username}:${fields.realm}:${password}`);
  const ha1 = algorithm.session ? h(`${base}:${fields.nonce}:${fields.cnonce}`) : base;
  const ha2 = h(`${method}:${fields.uri}`);
  return h(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:${fields.qop}:${ha2}`);
}

function hash(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, "utf8").digest("hex");
}

function sameHex(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given.toLowerCase(), "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}
