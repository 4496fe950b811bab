/**
 * HTTP Digest authentication (RFC 7616) for Atlas, Cloud Manager and Ops Manager API keys.
 *
 * The challenge is remembered per origin and the next request is signed up front with
 * the next `nc`, so N sequential calls cost N+1 round trips. Concurrent first calls wait
 * for one handshake instead of each fetching their own challenge (and, when it brings no
 * nonce, for the next one that a single waiter starts); a call's `signal` ends its wait.
 *
 * Only a 401 to a request signed with a challenge fetched for that very request (a counter
 * no other request signs with) means the credentials are wrong. A 401 to a request signed
 * with a remembered nonce (expired, `stale=true`, an `nc` a strict server saw out of order)
 * is sent again under a counter of its own: the challenge of that 401 when no other request
 * counts on it, else a new handshake. Once a server has refused counts that concurrent calls
 * brought out of order, every request in flight signs with a nonce session of its own (a
 * pool, one handshake per session it grows by), so no count can overtake another. A 401
 * without a Digest challenge refuses an authenticated caller (`NOT_ORG_OWNER`,
 * `USER_UNAUTHORIZED`): it is returned as it is and the nonce kept. The caller's request
 * never keeps the header.
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
import { untilAborted } from "../util/until-aborted.js";

/** An Atlas / Cloud Manager / Ops Manager programmatic API key. */
export interface DigestAuthOptions {
  /** The public key: the digest username. */
  readonly publicKey: string;
  /** The private key: the digest password. Never logged. */
  readonly privateKey: string;
}

/** One nonce, the last count handed out under it, and who is using it. */
interface NonceSession {
  challenge: UsableDigestChallenge;
  count: number;
  /** Requests signed with it whose answer has not come. */
  inFlight: number;
  /** Calls waiting to sign with it alone: a server that hands the same nonce out again. */
  readonly waiters: Array<() => void>;
  /** A request signed with it was refused: no new call takes it. */
  refused: boolean;
}

/** What is known about one origin. */
interface Origin {
  /** The server refused counts that concurrent calls brought out of order: one session per request in flight. */
  strict: boolean;
  /** Until then, the session every call signs with. */
  shared: NonceSession | undefined;
  /** Strict servers: the sessions no request is using. */
  readonly idle: NonceSession[];
  /** The sessions in use or in the pool, by the counter the server keeps for them (see {@link counterOf}). */
  readonly counters: Map<string, NonceSession>;
  /** The first handshake under way; it resolves to whether it failed (429, 5xx, no answer). */
  handshake: Promise<boolean> | undefined;
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
      const origins = new Map<string, Origin>();

      /** Events name the origin, realm and algorithm; never a key, hash or header. */
      const log = (message: string, origin: string, { realm, algorithm }: UsableDigestChallenge, fields?: object): void =>
        context.logger?.debug?.({ event: "auth", message, scheme: "digest", origin, realm, algorithm, ...fields });

      /** The answer to a request signed with `session` came: a session the server accepted goes back into use. */
      const release = (at: Origin, session: NonceSession, accepted: boolean): void => {
        const next = session.waiters.shift();
        if (next) return next(); // handed over, still in flight
        session.inFlight -= 1;
        if (accepted && !session.refused && session.inFlight === 0) {
          if (at.strict) at.idle.push(session);
          else at.shared ??= session;
        }
        const key = counterOf(session.challenge);
        const inUse = session.inFlight > 0 || at.shared === session || at.idle.includes(session);
        if (!inUse && at.counters.get(key) === session) at.counters.delete(key);
      };

      /** Waits until `session` has no request in flight, then takes it for `request` alone. */
      const takeAlone = (at: Origin, session: NonceSession, signal: AbortSignal): Promise<void> =>
        new Promise((resolve, reject) => {
          const turn = (): void => {
            signal.removeEventListener("abort", abort);
            resolve();
          };
          const abort = (): void => {
            session.waiters.splice(session.waiters.indexOf(turn), 1);
            reject(signal.reason);
          };
          if (session.inFlight === 0) {
            session.inFlight = 1;
            const idle = at.idle.indexOf(session);
            if (idle >= 0) at.idle.splice(idle, 1);
            return resolve();
          }
          if (signal.aborted) return reject(signal.reason);
          signal.addEventListener("abort", abort);
          session.waiters.push(turn);
        });

      /** Signs `request` with the next count of `session` and sends it. */
      const sign = async (at: Origin, session: NonceSession, request: Request): Promise<Response> => {
        const { challenge } = session;
        const url = new URL(request.url);
        const nc = ++session.count; // synchronous, so concurrent requests never share an `nc`
        const cnonce = randomUUID().replaceAll("-", ""); // 122 random bits from the CSPRNG
        const authorization = buildDigestAuthorization({ challenge, username, password, method: request.method, uri: url.pathname + url.search, nc, cnonce });
        try {
          return await sendAuthorized(context.fetch, request, authorization);
        } catch (error) {
          release(at, session, true);
          throw error;
        }
      };

      /** An answer that is not a Digest challenge: the nonce was good (even for a 401 such as NOT_ORG_OWNER). */
      const accepted = (at: Origin, session: NonceSession, response: Response): Response => {
        // `nextnonce` from `Authentication-Info` restarts `nc` at 1; a malformed one must not fail the call.
        let next: string | undefined;
        try {
          next = parseAuthenticationInfo(response.headers.get("authentication-info") ?? "").nextnonce;
        } catch {
          // Keep counting under the current nonce.
        }
        if (next && next !== session.challenge.nonce && !session.refused) {
          at.counters.delete(counterOf(session.challenge));
          session.challenge = { ...session.challenge, nonce: next, stale: false };
          session.count = 0;
          at.counters.set(counterOf(session.challenge), session);
        }
        release(at, session, true);
        return response;
      };

      /**
       * Sends `request` signed with `session`, taken for it alone from a challenge fetched
       * for it: a 401 that challenges again is final.
       */
      const sendOwn = async (origin: string, at: Origin, session: NonceSession, request: Request): Promise<Response> => {
        const response = await sign(at, session, request);
        const refusal = challengeIn(response, () => release(at, session, false));
        if (!refusal) {
          session.refused = false;
          return accepted(at, session, response);
        }
        session.refused = true;
        release(at, session, false);
        log(refusal.stale ? "stale nonce on a challenge just received" : "credentials rejected", origin, refusal, { status: 401 });
        return response;
      };

      /**
       * Signs `request` under `challenge`, which came for it: under a session of its own when
       * no other request counts on that counter, or, when the server handed out the nonce of a
       * session in use again, under that session once no other request is using it.
       */
      const signWith = async (origin: string, at: Origin, challenge: UsableDigestChallenge, request: Request): Promise<Response> => {
        const key = counterOf(challenge);
        let session = at.counters.get(key);
        if (session?.challenge.nonce === challenge.nonce) {
          await takeAlone(at, session, request.signal);
        } else {
          session = { challenge, count: 0, inFlight: 1, waiters: [], refused: false };
          at.counters.set(key, session);
        }
        return sendOwn(origin, at, session, request);
      };

      /** Sends without credentials to get a challenge, then signs `spare` with it. */
      const handshake = async (origin: string, at: Origin, request: Request, spare: Request): Promise<Response> => {
        const response = await context.fetch(request);
        const challenge = challengeIn(response);
        if (!challenge) return response;
        log("digest challenge received", origin, challenge);
        discard(response);
        return signWith(origin, at, challenge, spare);
      };

      /**
       * Sends `request` signed up front with `session`, a remembered nonce. A 401 marks the
       * session refused, and when it came while other requests counted on the same nonce, the
       * origin strict; the request goes again under a counter no other request uses.
       */
      const sendRemembered = async (origin: string, at: Origin, session: NonceSession, request: Request): Promise<Response> => {
        const spare = copyOf(request);
        log("signed up front with a remembered nonce", origin, session.challenge, { nc: formatNonceCount(session.count + 1) });
        const response = await sign(at, session, request);
        const nc = session.count;
        const refusal = challengeIn(response, () => release(at, session, false));
        if (!refusal) return accepted(at, session, response);
        discard(response);
        const alone = session.inFlight === 1 && session.count === nc;
        if (!refusal.stale && !alone && !at.strict) {
          at.strict = true;
          at.shared = undefined;
          log("nc refused out of order: one nonce per request in flight from now on", origin, refusal);
        }
        const why = refusal.stale ? "stale nonce" : "remembered nonce refused";
        if (refusal.nonce === session.challenge.nonce) {
          // The same nonce handed out again, so still good: its count goes on, one request at a time.
          log(`${why}, re-signed with the same nonce alone`, origin, refusal);
          if (session.inFlight > 1) {
            session.inFlight -= 1;
            await takeAlone(at, session, spare.signal);
          }
          return sendOwn(origin, at, session, spare);
        }
        session.refused = true;
        if (at.shared === session) at.shared = undefined;
        // The 401's counter is the refused session's when the server counts per `opaque`
        // (Apache): this request may restart it only when no other request counted on it.
        const own = counterOf(refusal) !== counterOf(session.challenge) || alone;
        release(at, session, false);
        log(`${why}, re-signed with ${own ? "the new challenge" : "a challenge of its own"}`, origin, refusal);
        return own ? signWith(origin, at, refusal, spare) : handshake(origin, at, spare, copyOf(spare));
      };

      return async (request) => {
        const { origin } = new URL(request.url);
        let at = origins.get(origin);
        if (!at) origins.set(origin, (at = { strict: false, shared: undefined, idle: [], counters: new Map(), handshake: undefined }));
        // Awaiting only a real handshake keeps the first caller's check-and-claim synchronous.
        // A failed handshake (a 503, no answer) leaves no nonce: the first waiter to wake leads
        // the next one and the others wait again. Any other answer lets them all go.
        for (let pending; !at.strict && !at.shared && (pending = at.handshake); ) {
          if (!(await untilAborted(pending, request.signal))) break;
        }
        const session = at.strict ? at.idle.pop() : at.shared;
        if (session) {
          session.inFlight += 1;
          return sendRemembered(origin, at, session, request);
        }
        // A 401 means sending again, body included, and a body can be read only once.
        const answer = handshake(origin, at, request, copyOf(request));
        if (at.strict) return answer;
        const gate = answer.then(({ status }) => status === 429 || status >= 500, () => true);
        at.handshake = gate;
        void gate.then(() => at.handshake === gate && (at.handshake = undefined));
        return answer;
      };
    },
  };
}

/**
 * The counter a server keeps for a challenge: per `opaque` when it sends one (Apache counts
 * per client record, across nonces), else per nonce.
 */
function counterOf({ opaque, nonce }: UsableDigestChallenge): string {
  return opaque === undefined ? `nonce ${nonce}` : `opaque ${opaque}`;
}

/** A copy to send again: the request itself when it has no body to use up. */
function copyOf(request: Request): Request {
  return request.body === null ? request : request.clone();
}

/**
 * The challenge to answer in a 401, `undefined` when it is not a 401 asking for Digest.
 * `onError` runs before a challenge that cannot be answered throws.
 */
function challengeIn(response: Response, onError?: () => void): UsableDigestChallenge | undefined {
  const challenges = response.status === 401 ? parseDigestChallenges(response.headers.get("www-authenticate") ?? "") : [];
  try {
    return challenges.length > 0 ? selectDigestChallenge(challenges) : undefined;
  } catch (error) {
    onError?.();
    throw error;
  }
}
