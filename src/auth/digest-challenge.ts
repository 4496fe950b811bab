/**
 * Reading HTTP Digest challenges (RFC 7616, RFC 7235 syntax) from `WWW-Authenticate`
 * and `Authentication-Info`, and choosing the one challenge the client can answer.
 *
 * @module
 */

/** The parameters of one `Digest` challenge, keys lower-cased, values unquoted. */
export type DigestChallenge = Readonly<Record<string, string>>;

/** The digest algorithms this client answers, as RFC 7616 names them. */
export type DigestAlgorithm =
  | "MD5"
  | "MD5-sess"
  | "SHA-256"
  | "SHA-256-sess"
  | "SHA-512-256"
  | "SHA-512-256-sess";

/** A challenge the client can answer: checked, with its algorithm and qop settled. */
export interface UsableDigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  /** `"auth"`, or `undefined` for a challenge without qop (RFC 2069: no nc, no cnonce). */
  readonly qop: "auth" | undefined;
  /** Echoed as it came; `undefined` when the server sent none. */
  readonly opaque: string | undefined;
  /** The server wants `username` sent as `H(username:realm)`. */
  readonly userhash: boolean;
  /** The server said the previous nonce expired (`stale=true`); the credentials were fine. */
  readonly stale: boolean;
}

/**
 * The server asked for Digest but no challenge can be answered (unsupported algorithm,
 * a missing nonce or realm, only `qop=auth-int`), or the header cannot be read. The
 * message names the reason; it never repeats the header.
 */
export class DigestChallengeError extends Error {
  override readonly name = "DigestChallengeError";
  /** Always `false`: the challenge came with a 401, so the server refused the request. */
  readonly mayHaveActed = false;
}

const TOKEN = /[!#$%&'*+.^_`|~\w-]+/y;
/** `name = value`; the value quoted (escapes still in), a lone `"` (never closed) or a token, maybe empty. */
const PARAM = /([!#$%&'*+.^_`|~\w-]+)[ \t]*=[ \t]*(?:"((?:[^"\\]|\\[^])*)"|(")|([!#$%&'*+.^_`|~\w-]*))/y;
/** A challenge's `token68` (`Negotiate YII…==`): it is all there is up to the next comma. */
const TOKEN68 = /[ \t]*[\w.~+/-]+=*[ \t]*(?=,|$)/y;

/**
 * Reads RFC 7235 challenges (`scheme [token68 | #auth-param]`, comma separated), each as
 * its scheme and its parameters (names lower-cased, the first of a repeated name kept). With
 * `scheme` given, the text is the parameters of that one challenge (`Authentication-Info`),
 * which end where a token is not followed by `=`.
 */
function parse(text: string, scheme?: string): [string, Map<string, string>][] {
  const found: [string, Map<string, string>][] = scheme === undefined ? [] : [[scheme, new Map()]];
  let pos = 0;
  const read = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = pos;
    const match = pattern.exec(text);
    if (match) pos = pattern.lastIndex;
    return match;
  };
  const fail = (why: string): never => {
    throw new DigestChallengeError(`Cannot read the authentication header: ${why}`);
  };
  while (read(/[ \t,]*/y) && pos < text.length) {
    const start = pos;
    const param = found.length > 0 && read(PARAM);
    if (param) {
      const [, name = "", quoted, unclosed, bare = ""] = param;
      if (unclosed) fail("a quoted string is not closed");
      const params = found.at(-1)?.[1];
      if (!params?.has(name.toLowerCase())) params?.set(name.toLowerCase(), quoted?.replace(/\\([^])/g, "$1") ?? bare);
      continue;
    }
    const next = read(TOKEN)?.[0] ?? fail(`unexpected character at position ${pos}`);
    if (scheme !== undefined) {
      pos = start;
      break;
    }
    found.push([next, new Map()]);
    read(TOKEN68);
  }
  return found;
}

/**
 * Every `Digest` challenge in a `WWW-Authenticate` value, in header order. Other schemes
 * (Basic, Negotiate, Bearer…) are read past and left out.
 *
 * @param header - the header value; several headers joined with `, ` are fine.
 * @returns the parameters of each Digest challenge (may be empty).
 * @throws {@link DigestChallengeError} when the header is malformed.
 */
export function parseDigestChallenges(header: string): DigestChallenge[] {
  return parse(header)
    .filter(([scheme]) => /^digest$/i.test(scheme))
    .map(([, params]) => Object.fromEntries(params));
}

/**
 * The parameters of an `Authentication-Info` value (`nextnonce`, `rspauth`, …).
 *
 * @throws {@link DigestChallengeError} when the header is malformed.
 */
export function parseAuthenticationInfo(header: string): Readonly<Record<string, string>> {
  return Object.fromEntries(parse(header, "")[0]?.[1] ?? []);
}

/** Weakest first: a server that offers several gets the strongest answered. */
const ALGORITHMS = ["MD5", "SHA-256", "SHA-512-256"];

/** Why a challenge cannot be answered, or its settled form. */
function checkChallenge(params: DigestChallenge): UsableDigestChallenge | string {
  const { realm, nonce, qop, opaque, algorithm: name = "MD5" } = params;
  const [, base = "", sess] = /^(md5|sha-256|sha-512-256)(-sess)?$/i.exec(name) ?? [];
  const algorithm = `${base.toUpperCase()}${sess ? "-sess" : ""}` as DigestAlgorithm;
  const qops = qop?.toLowerCase().split(",").map((item) => item.trim());
  if (realm === undefined) return "missing realm";
  if (!nonce) return "missing nonce";
  if (!base) return `unsupported algorithm "${name.slice(0, 40)}"`;
  if (qops && !qops.includes("auth")) return "unsupported qop (only auth is supported)";
  if (!qops && sess) return `${algorithm} without qop`;
  const yes = (value: string | undefined): boolean => value?.toLowerCase() === "true";
  return { realm, nonce, algorithm, qop: qops && "auth", opaque, userhash: yes(params.userhash), stale: yes(params.stale) };
}

/**
 * Picks the challenge to answer: the strongest supported algorithm (SHA-512-256, then
 * SHA-256, then MD5), the first in header order among equals.
 *
 * @param challenges - from {@link parseDigestChallenges}.
 * @throws {@link DigestChallengeError} naming the reasons when none can be answered.
 */
export function selectDigestChallenge(challenges: readonly DigestChallenge[]): UsableDigestChallenge {
  const checked = challenges.map(checkChallenge);
  const strength = (item: UsableDigestChallenge): number => ALGORITHMS.indexOf(item.algorithm.replace("-sess", ""));
  let best: UsableDigestChallenge | undefined;
  for (const item of checked) {
    if (typeof item !== "string" && (!best || strength(item) > strength(best))) best = item;
  }
  if (best) return best;
  throw new DigestChallengeError(`No usable Digest challenge: ${checked.join("; ") || "no Digest challenge"}`);
}
