/**
 * Building the `Authorization: Digest …` value (RFC 7616 §3.4): the hashes and the
 * quoting. Pure functions; the caller supplies `nc` and `cnonce`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { DigestAlgorithm, UsableDigestChallenge } from "./digest-challenge.js";

/** What one signed request needs. */
export interface DigestAuthorizationInput {
  /** The challenge being answered. */
  readonly challenge: UsableDigestChallenge;
  /** The API key's public key. */
  readonly username: string;
  /** The API key's private key. */
  readonly password: string;
  /** The request method, as sent (`GET`, `POST`, …). */
  readonly method: string;
  /** The request-target: path plus query string of the URL sent. */
  readonly uri: string;
  /** The nonce count, from 1; sent as 8 lower-case hex digits. */
  readonly nc: number;
  /** The client nonce; must come from a cryptographic random source. */
  readonly cnonce: string;
}

/** `H(data)` of RFC 7616: the algorithm's hash of the UTF-8 bytes, lower-case hex. */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  // Node's names: md5, sha256, sha512-256.
  return createHash(algorithm.replace(/-sess$/, "").replace("-", "").toLowerCase()).update(data, "utf8").digest("hex");
}

/**
 * The nonce count as sent: 8 lower-case hex digits.
 *
 * @throws RangeError when `nc` is not an integer from 1 to 0xffffffff (servers refuse 0).
 */
export function formatNonceCount(nc: number): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > 0xffffffff) {
    throw new RangeError(`nc must be an integer from 1 to 0xffffffff, got ${nc}`);
  }
  return nc.toString(16).padStart(8, "0");
}

/** The `response` parameter: `KD(H(A1), …)` with qop, or RFC 2069's form without. */
export function computeDigestResponse(input: DigestAuthorizationInput): string {
  const { challenge, username, password, method, uri, cnonce } = input;
  const { algorithm, realm, nonce, qop } = challenge;
  const h = (...parts: string[]): string => digestHash(algorithm, parts.join(":"));
  const secret = h(username, realm, password);
  const ha1 = algorithm.endsWith("-sess") ? h(secret, nonce, cnonce) : secret;
  const ha2 = h(method, uri);
  return qop ? h(ha1, nonce, formatNonceCount(input.nc), cnonce, qop, ha2) : h(ha1, nonce, ha2);
}

/**
 * The whole `Authorization` value. `algorithm`, `qop`, `nc` and `userhash` are tokens and
 * never quoted; `username`, `realm`, `nonce`, `uri`, `response`, `cnonce` and `opaque`
 * are always quoted. Without qop (RFC 2069) `qop`, `nc` and `cnonce` are left out.
 *
 * @throws RangeError when `nc` is out of range (see {@link formatNonceCount}).
 */
export function buildDigestAuthorization(input: DigestAuthorizationInput): string {
  const { challenge } = input;
  const { algorithm, realm, qop, opaque, userhash } = challenge;
  // Quoted strings, with `"` and `\` escaped; tokens as they are.
  const quoted = (name: string, value: string): string => `${name}="${value.replace(/["\\]/g, "\\$&")}"`;
  const parts = [
    quoted("username", userhash ? digestHash(algorithm, `${input.username}:${realm}`) : input.username),
    quoted("realm", realm),
    quoted("nonce", challenge.nonce),
    quoted("uri", input.uri),
    `algorithm=${algorithm}`,
    quoted("response", computeDigestResponse(input)),
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${formatNonceCount(input.nc)}`, quoted("cnonce", input.cnonce));
  if (opaque !== undefined) parts.push(quoted("opaque", opaque));
  if (userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}
