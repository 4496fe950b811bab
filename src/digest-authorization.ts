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

const NODE_HASH: Readonly<Record<DigestAlgorithm, string>> = {
  MD5: "md5",
  "MD5-sess": "md5",
  "SHA-256": "sha256",
  "SHA-256-sess": "sha256",
  "SHA-512-256": "sha512-256",
  "SHA-512-256-sess": "sha512-256",
};

/** `H(data)` of RFC 7616: the algorithm's hash of the UTF-8 bytes, lower-case hex. */
export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(NODE_HASH[algorithm]).update(data, "utf8").digest("hex");
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
  const h = (data: string): string => digestHash(challenge.algorithm, data);
  const secret = h(`${username}:${challenge.realm}:${password}`);
  const ha1 = challenge.algorithm.endsWith("-sess") ? h(`${secret}:${challenge.nonce}:${cnonce}`) : secret;
  const ha2 = h(`${method}:${uri}`);
  if (!challenge.qop) return h(`${ha1}:${challenge.nonce}:${ha2}`);
  return h(`${ha1}:${challenge.nonce}:${formatNonceCount(input.nc)}:${cnonce}:${challenge.qop}:${ha2}`);
}

/** A quoted-string, with `"` and `\` escaped. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
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
  const username = challenge.userhash
    ? digestHash(challenge.algorithm, `${input.username}:${challenge.realm}`)
    : input.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `response=${quote(computeDigestResponse(input))}`,
  ];
  if (challenge.qop) {
    parts.push(`qop=${challenge.qop}`, `nc=${formatNonceCount(input.nc)}`, `cnonce=${quote(input.cnonce)}`);
  }
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}
