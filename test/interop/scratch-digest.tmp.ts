/**
 * HTTP Digest authentication (RFC 7616) for Atlas, Cloud Manager and Ops Manager API keys.
 *
 * The challenge is remembered per origin and the next request is signed up front with
 * the next `nc`, so N sequential calls cost N+1 round trips. Concurrent first calls wait
 * for one handshake instead of each fetching their own challenge. A 401 to a request
 * signed with a remembered nonce (expired, `stale=true`, an `nc` a strict server saw out
 * of order) is re-signed with the challenge from that 401 (or with the nonce a concurrent
 * call has just renewed from its own 401) and sent once more; a 401 to a request signed
 * with a challenge just received means the credentials are wrong, and that 401 is
 * returned.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { buildDigestAuthorization, formatNonceCount } from "../../src/digest-authorization.js";
import {
  parseAuthenticationInfo,
  parseDigestChallenges,
  selectDigestChallenge,
  type UsableDigestChallenge,
} from "../../src/digest-challenge.js";
import type { AuthContext, AuthStrategy, FetchLike } from "../../src/types.js";

/** An Atlas / Cloud Manager / Ops Manager programmatic API key. */
export interface DigestAuthOptions {
  /** The public key: the digest username. */
  readonly publicKey: string;
  /** The private key: the digest password. Never logged. */
  readonly privateKey: string;
}

/** One nonce and the counts already handed out under it. */
class NonceSession {
  private count = 0;

  constructor(readonly challenge: UsableDigestChallenge) {}

  /** Synchronous, so concurrent requests never share an `nc`. */
  reserve(): number {
    this.count += 1;
    return this.count;
  }
}

/** The state of one wrapped transport: remembered nonces and in-flight handshakes. */
class DigestTransport {
  private readonly sessions = new Map<string, NonceSession>();
  private readonly handshakes = new Map<string, Promise<void>>();

  constructor(
    private readonly credentials: DigestAuthOptions,
    private readonly context: AuthContext,
  ) {}

  readonly fetch: FetchLike = async (request) => {
    const origin = new URL(request.url).origin;
    // A 401 means sending again, body included, and a body can be read only once.
    const spare = request.clone();
    const pending = this.sessions.has(origin) ? undefined : this.handshakes.get(origin);
    // Awaiting only a real handshake keeps the first caller's check-and-claim synchronous.
    if (pending) await pending;
    const session = this.sessions.get(origin);
    return session
      ? this.sendRemembered(request, spare, origin, session)
      : this.sendUnsigned(request, spare, origin);
  };

  /**
   * Sends without credentials to get a challenge. Concurrent calls to the same origin wait
   * until this handshake is over, so the first count of the new nonce reaches a strict
   * server before any other.
   */
  private sendUnsigned(request: Request, spare: Request, origin: string): Promise<Response> {
    const handshake = this.handshake(request, spare, origin);
    const gate = handshake.then(
      () => undefined,
      () => undefined,
    );
    this.handshakes.set(origin, gate);
    void gate.then(() => {
      if (this.handshakes.get(origin) === gate) this.handshakes.delete(origin);
    });
    return handshake;
  }

  private async handshake(request: Request, spare: Request, origin: string): Promise<Response> {
    const response = await this.context.fetch(request);
    const challenge = challengeIn(response);
    if (!challenge) return response;
    this.log("digest challenge received", origin, challenge);
    discard(response);
    return this.sendFresh(spare, origin, this.adopt(origin, challenge));
  }

  private async sendRemembered(
    request: Request,
    spare: Request,
    origin: string,
    session: NonceSession,
  ): Promise<Response> {
    const signed = this.sign(request, session);
    this.log("signed up front with a remembered nonce", origin, session.challenge, {
      nc: formatNonceCount(signed.nc),
    });
    const response = await this.context.fetch(signed.request);
    if (response.status !== 401) return this.takeNextNonce(response, origin, session);
    const challenge = challengeIn(response);
    if (!challenge) return response;
    const reason = challenge.stale ? "stale nonce" : "remembered nonce refused";
    this.log(`${reason}, re-signed with the new challenge`, origin, challenge);
    discard(response);
    return this.sendFresh(spare, origin, this.adopt(origin, challenge, session), Number(process.env.AGAIN ?? 0));
  }

  /** Sends with a challenge just received: a 401 now means the credentials are wrong. */
  private async sendFresh(request: Request, origin: string, session: NonceSession, again = 0): Promise<Response> {
    const spare = again > 0 ? request.clone() : request;
    const response = await this.context.fetch(this.sign(request, session).request);
    if (response.status !== 401) return this.takeNextNonce(response, origin, session);
    const challenge = challengeIn(response);
    if (again > 0 && challenge) { discard(response); return this.sendFresh(spare, origin, this.adopt(origin, challenge, session), again - 1); }
    if (this.sessions.get(origin) === session) this.sessions.delete(origin);
    this.log("credentials rejected", origin, session.challenge, { status: response.status });
    return response;
  }


  /**
   * The session to sign a re-send with. When a concurrent call already renewed the
   * origin's nonce (or the challenge repeats it), that session keeps counting: servers
   * such as Apache count per client (`opaque`), not per nonce, so several re-sends each
   * restarting at `nc=1` under their own new nonce would refuse one another.
   *
   * @param refused - the session the 401 refused, never reused.
   */
  private adopt(origin: string, challenge: UsableDigestChallenge, refused?: NonceSession): NonceSession {
    const current = this.sessions.get(origin);
    if (current && current !== refused && sameClient(current.challenge, challenge)) return current;
    const session = new NonceSession(challenge);
    this.sessions.set(origin, session);
    return session;
  }

  /** Takes `nextnonce` from `Authentication-Info`, restarting `nc` at 1. */
  private takeNextNonce(response: Response, origin: string, session: NonceSession): Response {
    const nextnonce = nextNonceIn(response);
    if (nextnonce && nextnonce !== session.challenge.nonce && this.sessions.get(origin) === session) {
      this.sessions.set(origin, new NonceSession({ ...session.challenge, nonce: nextnonce, stale: false }));
    }
    return response;
  }

  private sign(request: Request, session: NonceSession): { request: Request; nc: number } {
    const url = new URL(request.url);
    const nc = session.reserve();
    const headers = new Headers(request.headers);
    const authorization = buildDigestAuthorization({
      challenge: session.challenge,
      username: this.credentials.publicKey,
      password: this.credentials.privateKey,
      method: request.method,
      uri: url.pathname + url.search,
      nc,
      cnonce: randomBytes(16).toString("hex"),
    });
    headers.set("authorization", authorization);
    return { request: new Request(request, { headers }), nc };
  }

  /** Events name the origin, realm and algorithm; never a key, hash or header. */
  private log(
    message: string,
    origin: string,
    challenge: UsableDigestChallenge,
    fields: Record<string, unknown> = {},
  ): void {
    this.context.logger?.debug?.({
      event: "auth",
      message,
      scheme: "digest",
      origin,
      realm: challenge.realm,
      algorithm: challenge.algorithm,
      ...fields,
    });
  }
}

/** The challenge to answer in a 401, `undefined` when it is not a 401 asking for Digest. */
function challengeIn(response: Response): UsableDigestChallenge | undefined {
  if (response.status !== 401) return undefined;
  const challenges = parseDigestChallenges(response.headers.get("www-authenticate") ?? "");
  return challenges.length > 0 ? selectDigestChallenge(challenges) : undefined;
}

/** A malformed `Authentication-Info` on a successful answer must not fail the call. */
function nextNonceIn(response: Response): string | undefined {
  const info = response.headers.get("authentication-info");
  if (!info) return undefined;
  try {
    return parseAuthenticationInfo(info).nextnonce || undefined;
  } catch {
    return undefined;
  }
}

/** Same protection space and client record: a nonce from one serves the other. */
function sameClient(a: UsableDigestChallenge, b: UsableDigestChallenge): boolean {
  return a.realm === b.realm && a.algorithm === b.algorithm && a.opaque === b.opaque && a.userhash === b.userhash;
}

/** Frees the connection held by a 401 that is answered by sending again. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * HTTP Digest authentication with an API key (public key as username, private key as
 * password): MD5, SHA-256, SHA-512-256 and their `-sess` forms, `qop=auth`, `userhash`,
 * `opaque`, `nextnonce`.
 *
 * @param options - the API key.
 * @returns an {@link AuthStrategy} of type `"digest"`; each `wrap` keeps its own nonces.
 * @throws from the wrapped fetch, `DigestChallengeError` (`digest-challenge.ts`) when a
 *   401 asks for Digest in a form this client cannot answer (nothing half-signed is sent).
 */
export function digestAuth(options: DigestAuthOptions): AuthStrategy {
  const credentials = { publicKey: options.publicKey, privateKey: options.privateKey };
  return {
    type: "digest",
    wrap: (context) => new DigestTransport(credentials, context).fetch,
  };
}
