/**
 * Holds one bearer token and makes sure that however many calls want a new one at the
 * same moment, only one token request is made: the token endpoint is rate limited and
 * locks out a client that asks once per call.
 *
 * @module
 */

/** A token as the token endpoint gave it. */
export interface Token {
  /** The bearer token itself. Never log it. */
  readonly value: string;
  /** When it expires (ms since the epoch); `Infinity` when the answer did not say. */
  readonly expiresAt: number;
}

/** Why a token is being asked for: none yet, the cached one is about to expire, or the API refused it. */
export type TokenFetchReason = "initial" | "expiring" | "unauthorized";

/** Asks the token endpoint for a token; `signal` aborts once no caller waits any more. */
export type TokenFetcher = (reason: TokenFetchReason, signal: AbortSignal) => Promise<Token>;

/** Options of a {@link TokenCache}. */
export interface TokenCacheOptions {
  /** How long before `expiresAt` a token is replaced. */
  readonly refreshMarginMs: number;
  /** The clock (ms since the epoch). */
  readonly now: () => number;
}

interface Stored extends Token {
  readonly renewAt: number;
}

interface Pending {
  readonly promise: Promise<Stored>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * One cached token plus at most one token request in flight, shared by every caller.
 * A token is replaced `refreshMarginMs` before it expires, or halfway through its life
 * when it lives less than twice the margin (so a short-lived token is not fetched per call).
 */
export class TokenCache {
  readonly #options: TokenCacheOptions;
  #current: Stored | undefined;
  #pending: Pending | undefined;

  /** An empty cache. */
  constructor(options: TokenCacheOptions) {
    this.#options = options;
  }

  /**
   * The cached token while it is fresh; otherwise joins the token request in flight or
   * starts one with `fetchToken`. `signal` gives up waiting (and aborts the request once
   * no other caller waits for it).
   */
  get(fetchToken: TokenFetcher, signal?: AbortSignal): Promise<Token> {
    const current = this.#current;
    if (current && this.#options.now() < current.renewAt) return Promise.resolve(current);
    return this.#join(fetchToken, current ? "expiring" : "initial", signal);
  }

  /**
   * After the API refused `rejected`: drops it and gets a new token. Callers refused
   * with the same token share one request; a caller whose token was already replaced
   * gets the replacement.
   */
  renew(rejected: string, fetchToken: TokenFetcher, signal?: AbortSignal): Promise<Token> {
    if (this.#current?.value === rejected) this.#current = undefined;
    return this.#current ? this.get(fetchToken, signal) : this.#join(fetchToken, "unauthorized", signal);
  }

  /** Removes the cached token and returns it (to revoke it). */
  take(): Token | undefined {
    const current = this.#current;
    this.#current = undefined;
    return current;
  }

  #join(fetchToken: TokenFetcher, reason: TokenFetchReason, signal?: AbortSignal): Promise<Token> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const pending = (this.#pending ??= this.#start(fetchToken, reason));
    pending.waiters += 1;
    return new Promise<Token>((resolve, reject) => {
      const leave = (): void => {
        reject(signal?.reason);
        // The last caller to give up aborts the request; its token, if any, is not cached.
        if (--pending.waiters > 0) return;
        if (this.#pending === pending) this.#pending = undefined;
        pending.controller.abort(signal?.reason);
      };
      pending.promise.then(resolve, reject).finally(() => signal?.removeEventListener("abort", leave));
      // The fetcher may have run far enough to abort the caller while it was being started.
      if (signal?.aborted) leave();
      else signal?.addEventListener("abort", leave, { once: true });
    });
  }

  #start(fetchToken: TokenFetcher, reason: TokenFetchReason): Pending {
    const controller = new AbortController();
    const { now, refreshMarginMs } = this.#options;
    const pending: Pending = {
      controller,
      waiters: 0,
      // Settles the cache before any waiter resumes.
      promise: fetchToken(reason, controller.signal)
        .then((token) => {
          const margin = Math.max(0, Math.min(refreshMarginMs, (token.expiresAt - now()) / 2));
          const stored = { ...token, renewAt: token.expiresAt - margin };
          if (this.#pending === pending) this.#current = stored;
          return stored;
        })
        .finally(() => {
          if (this.#pending === pending) this.#pending = undefined;
        }),
    };
    return pending;
  }
}
