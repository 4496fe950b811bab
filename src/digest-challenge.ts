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
}

/** Stronger first: a server that offers several gets the strongest answered. */
const ALGORITHM_STRENGTH: Readonly<Record<DigestAlgorithm, number>> = {
  "SHA-512-256": 3,
  "SHA-512-256-sess": 3,
  "SHA-256": 2,
  "SHA-256-sess": 2,
  MD5: 1,
  "MD5-sess": 1,
};

const ALGORITHMS_BY_LOWER_NAME = new Map(
  Object.keys(ALGORITHM_STRENGTH).map((name) => [name.toLowerCase(), name as DigestAlgorithm]),
);

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68_CHAR = /[-._~+/0-9A-Za-z]/;
const WHITESPACE = /[ \t]/;
const SEPARATOR = /[ \t,]/;

/** A cursor over one header value, with the RFC 7235 pieces as methods. */
class HeaderScanner {
  private pos = 0;

  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** Challenges: `scheme [token68 | #auth-param]`, comma separated. */
  challenges(): { scheme: string; params: Record<string, string> }[] {
    const found: { scheme: string; params: Record<string, string> }[] = [];
    for (this.skip(SEPARATOR); !this.done; this.skip(SEPARATOR)) {
      const scheme = this.requireToken();
      this.skip(WHITESPACE);
      found.push({ scheme, params: this.token68() ? {} : this.params() });
    }
    return found;
  }

  /**
   * `name=value` pairs until the next challenge's scheme (a token not followed by `=`)
   * or the end. The first of a repeated name wins.
   */
  params(): Record<string, string> {
    const params = new Map<string, string>();
    for (;;) {
      const start = this.pos;
      this.skip(SEPARATOR);
      if (this.done) break;
      const name = this.requireToken().toLowerCase();
      this.skip(WHITESPACE);
      if (this.text[this.pos] !== "=") {
        this.pos = start;
        break;
      }
      this.pos += 1;
      this.skip(WHITESPACE);
      const value = this.text[this.pos] === '"' ? this.quoted() : this.token();
      if (!params.has(name)) params.set(name, value);
    }
    return Object.fromEntries(params);
  }

  /** Consumes a token68 (`Negotiate YII…==`) when that is what follows the scheme. */
  private token68(): boolean {
    const start = this.pos;
    this.skip(TOKEN68_CHAR);
    const read = this.pos > start;
    this.skip(/=/);
    this.skip(WHITESPACE);
    if (read && (this.done || this.text[this.pos] === ",")) return true;
    this.pos = start;
    return false;
  }

  private quoted(): string {
    let value = "";
    for (this.pos += 1; !this.done; ) {
      const char = this.text.charAt(this.pos++);
      if (char === '"') return value;
      value += char === "\\" ? this.text.charAt(this.pos++) : char;
    }
    throw new DigestChallengeError("Cannot read the authentication header: a quoted string is not closed");
  }

  private token(): string {
    const start = this.pos;
    this.skip(TOKEN_CHAR);
    return this.text.slice(start, this.pos);
  }

  private requireToken(): string {
    const token = this.token();
    if (token) return token;
    throw new DigestChallengeError(
      `Cannot read the authentication header: unexpected character at position ${this.pos}`,
    );
  }

  private skip(chars: RegExp): void {
    while (!this.done && chars.test(this.text.charAt(this.pos))) this.pos += 1;
  }
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
  return new HeaderScanner(header)
    .challenges()
    .filter((challenge) => challenge.scheme.toLowerCase() === "digest")
    .map((challenge) => challenge.params);
}

/**
 * The parameters of an `Authentication-Info` value (`nextnonce`, `rspauth`, …).
 *
 * @throws {@link DigestChallengeError} when the header is malformed.
 */
export function parseAuthenticationInfo(header: string): Readonly<Record<string, string>> {
  return new HeaderScanner(header).params();
}

/** Why a challenge cannot be answered, or its settled form. */
function checkChallenge(params: DigestChallenge): UsableDigestChallenge | string {
  const { realm, nonce, qop, opaque } = params;
  const algorithmName = params.algorithm ?? "MD5";
  const algorithm = ALGORITHMS_BY_LOWER_NAME.get(algorithmName.toLowerCase());
  if (realm === undefined) return "missing realm";
  if (!nonce) return "missing nonce";
  if (!algorithm) return `unsupported algorithm "${algorithmName.slice(0, 40)}"`;
  const qops = qop?.split(",").map((item) => item.trim().toLowerCase());
  if (qops && !qops.includes("auth")) return "unsupported qop (only auth is supported)";
  if (!qops && algorithm.endsWith("-sess")) return `${algorithm} without qop`;
  return {
    realm,
    nonce,
    algorithm,
    qop: qops ? "auth" : undefined,
    opaque,
    userhash: params.userhash?.toLowerCase() === "true",
    stale: params.stale?.toLowerCase() === "true",
  };
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
  const usable = checked.filter((item): item is UsableDigestChallenge => typeof item !== "string");
  const best = usable.reduce<UsableDigestChallenge | undefined>(
    (chosen, item) =>
      chosen && ALGORITHM_STRENGTH[chosen.algorithm] >= ALGORITHM_STRENGTH[item.algorithm] ? chosen : item,
    undefined,
  );
  if (best) return best;
  const reasons = checked.length > 0 ? checked.join("; ") : "no Digest challenge";
  throw new DigestChallengeError(`No usable Digest challenge: ${reasons}`);
}
