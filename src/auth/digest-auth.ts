/**
 * HTTP Digest authentication (RFC 7616) for Atlas, Cloud Manager and Ops Manager API keys.
 *
 * The challenge is remembered per origin and the next request is signed up front with
 * the next `nc`, so N sequential calls cost N+1 round trips. Concurrent first calls wait
 * for one handshake instead of each fetching their own challenge (and, when it brings no
 * nonce, for the next one that a single waiter starts); a call's `signal` ends its wait.
 * A 401 to a request signed with a remembered nonce (expired, `stale=true`, an `nc` a
 * strict server saw out of order) is re-signed with the challenge from that 401 (or with
 * the nonce a concurrent call has just renewed from its own 401) and sent once more; a 401 with a Digest challenge
 * to a request signed with a challenge just received means the credentials are wrong, and
 * that 401 is returned. A 401 without a Digest challenge refuses an authenticated caller
 * (`NOT_ORG_OWNER`, `USER_UNAUTHORIZED`): it is returned as it is and the nonce kept.
 * Requests are signed as copies: the caller's request never carries the header.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { buildDigestAuthorization, formatNonceCount } from "./digest-authorization.js";
import { parseAuthenticationInfo, parseDigestChallenges, selectDigestChallenge, type UsableDigestChallenge } from "./digest-challenge.js";
import { discard } from "../util/discard.js";
import { sendAuthorized } from "./send-authorized.js";
import { rememberSecret } from "../util/redact.js";
import type { AuthContext, AuthStrategy, FetchLike } from "../types/index.js";

/** An Atlas / Cloud Manager / Ops Manager programmatic API key. */
export interface DigestAuthOptions {
  /** The public key: the digest username. */
  readonly publicKey: string;
  /** The private key: the digest password. Never logged. */
  readonly privateKey: string;
}

/** Re-sends of a request signed with a remembered nonce: 3 requests in all, at most. */
const RESIGNS = 2;

/** One nonce and the last count handed out under it. */
interface NonceSession {
  readonly challenge: UsableDigestChallenge;
  count: number;
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
  const { publicKey: username, privateKey: password } = options;
  rememberSecret(password); // masked by value wherever it might come back
  return {
    type: "digest",
    wrap(context: AuthContext): FetchLike {
      const sessions = new Map<string, NonceSession>();
      /** Per origin, the handshake under way; it resolves to whether it failed (429, 5xx, no answer). */
      const handshakes = new Map<string, Promise<boolean>>();

      /** Events name the origin, realm and algorithm; never a key, hash or header. */
      const log = (message: string, origin: string, { realm, algorithm }: UsableDigestChallenge, fields?: object): void =>
        context.logger?.debug?.({ event: "auth", message, scheme: "digest", origin, realm, algorithm, ...fields });

      /**
       * The session to sign with a challenge from a 401. When a concurrent call already
       * renewed the origin's nonce (or the challenge repeats it), that session keeps counting:
       * servers such as Apache count per client (`opaque`), not per nonce, so several re-sends
       * each restarting at `nc=1` under their own new nonce would refuse one another.
       * `refused`, the session the 401 refused, is never reused.
       */
      const adopt = (origin: string, challenge: UsableDigestChallenge, refused?: NonceSession): NonceSession => {
        const current = sessions.get(origin);
        const same = (["realm", "algorithm", "opaque", "userhash"] as const).every((k) => current?.challenge[k] === challenge[k]);
        if (current && current !== refused && same) return current;
        const session = { challenge, count: 0 };
        sessions.set(origin, session);
        return session;
      };

      /**
       * Sends `request` signed with `session`. With a `spare` copy, the nonce was remembered:
       * a 401 is re-signed with its own challenge and the copy sent again, up to `resigns`
       * times (2: a strict server may refuse the first re-send too when concurrent re-sends
       * reach it out of order; 3 requests in all, never more). Without a spare, the challenge
       * was just received: a 401 that challenges again means the credentials are wrong and is
       * returned. A 401 without a challenge is an answer, returned with the session kept.
       */
      const send = async (request: Request, origin: string, session: NonceSession, spare?: Request, resigns = 0): Promise<Response> => {
        const { challenge } = session;
        const url = new URL(request.url);
        const nc = ++session.count; // synchronous, so concurrent requests never share an `nc`
        if (resigns === RESIGNS) log("signed up front with a remembered nonce", origin, challenge, { nc: formatNonceCount(nc) });
        const cnonce = randomUUID().replaceAll("-", ""); // 122 random bits from the CSPRNG
        const uri = url.pathname + url.search;
        const authorization = buildDigestAuthorization({ challenge, username, password, method: request.method, uri, nc, cnonce });
        const response = await sendAuthorized(context.fetch, request, authorization);
        const renewed = challengeIn(response);
        if (!renewed) {
          // Not a challenge, so an answer: even a 401 (NOT_ORG_OWNER, an authenticated caller without rights) keeps the nonce.
          // `nextnonce` from `Authentication-Info` restarts `nc` at 1; a malformed one must not fail the call.
          let next: string | undefined;
          try {
            next = parseAuthenticationInfo(response.headers.get("authentication-info") ?? "").nextnonce;
          } catch {
            // Keep counting under the current nonce.
          }
          if (next && next !== challenge.nonce && sessions.get(origin) === session) {
            sessions.set(origin, { challenge: { ...challenge, nonce: next, stale: false }, count: 0 });
          }
          return response;
        }
        if (!spare) {
          if (sessions.get(origin) === session) sessions.delete(origin);
          log("credentials rejected", origin, challenge, { status: 401 });
          return response;
        }
        const why = renewed.stale ? "stale nonce" : resigns === RESIGNS ? "remembered nonce refused" : "re-sent request refused";
        log(`${why}, re-signed with the new challenge`, origin, renewed);
        discard(response);
        const again = resigns > 1 ? copyOf(spare) : undefined;
        return send(spare, origin, adopt(origin, renewed, session), again, resigns - 1);
      };

      /**
       * Sends without credentials to get a challenge. Concurrent calls to the same origin wait
       * until this handshake is over, so the first count of the new nonce reaches a strict
       * server before any other.
       */
      const handshake = async (request: Request, origin: string, spare: Request): Promise<Response> => {
        const response = await context.fetch(request);
        const challenge = challengeIn(response);
        if (!challenge) return response;
        log("digest challenge received", origin, challenge);
        discard(response);
        return send(spare, origin, adopt(origin, challenge));
      };

      return async (request) => {
        const { origin } = new URL(request.url);
        // A 401 means sending again, body included, and a body can be read only once.
        const spare = copyOf(request);
        // Awaiting only a real handshake keeps the first caller's check-and-claim synchronous.
        // A failed handshake (a 503, no answer) leaves no nonce: the first waiter to wake leads
        // the next one and the others wait again. Any other answer without a challenge lets them all go.
        for (let pending; !sessions.has(origin) && (pending = handshakes.get(origin)); ) {
          if (!(await until(pending, request.signal))) break;
        }
        const session = sessions.get(origin);
        if (session) return send(request, origin, session, spare, RESIGNS);
        const answer = handshake(request, origin, spare);
        const gate = answer.then(({ status }) => status === 429 || status >= 500, () => true);
        handshakes.set(origin, gate);
        void gate.then(() => handshakes.get(origin) === gate && handshakes.delete(origin));
        return answer;
      };
    },
  };
}

/** Waits for `promise` (which never rejects); `signal` ends the wait at once, rejecting with its reason. */
function until<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort);
    void promise.then(resolve).finally(() => signal.removeEventListener("abort", abort));
  });
}

/** A copy to send again: the request itself when it has no body to use up. */
function copyOf(request: Request): Request {
  return request.body === null ? request : request.clone();
}

/** The challenge to answer in a 401, `undefined` when it is not a 401 asking for Digest. */
function challengeIn(response: Response): UsableDigestChallenge | undefined {
  const challenges = response.status === 401 ? parseDigestChallenges(response.headers.get("www-authenticate") ?? "") : [];
  return challenges.length > 0 ? selectDigestChallenge(challenges) : undefined;
}
