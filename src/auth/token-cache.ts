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

/** A token the cache handed out, with why it was asked for: a token fetched because the API refused the last one (`"unauthorized"`) is not replaced on a mere 401. */
export interface CachedToken extends Token {
  readonly reason: TokenFetchReason;
}

/** Asks the token endpoint for a token; `signal` aborts once no caller waits any more. */
export type TokenFetcher = (reason: TokenFetchReason, signal: AbortSignal) => Promise<Token>;

/** Options of {@link tokenCache}. */
export interface TokenCacheOptions {
  /** How long before `expiresAt` a token is replaced. */
  readonly refreshMarginMs: number;
  /** The clock (ms since the epoch). */
  readonly now: () => number;
}

/** One cached token plus at most one token request in flight, shared by every caller. */
export interface TokenCache {
  /**
   * The cached token while it is fresh; otherwise joins the token request in flight or
   * starts one with `fetchToken`. `signal` gives up waiting (and aborts the request once
   * no other caller waits for it).
   */
  get(fetchToken: TokenFetcher, signal?: AbortSignal): Promise<CachedToken>;
  /**
   * After the API refused `rejected`: drops it and gets a new token. Callers refused
   * with the same token share one request; a caller whose token was already replaced
   * gets the replacement.
   */
  renew(rejected: string, fetchToken: TokenFetcher, signal?: AbortSignal): Promise<CachedToken>;
  /** Removes the cached token and returns it (to revoke it). */
  take(): Token | undefined;
}

interface Pending {
  readonly promise: Promise<CachedToken>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * An empty {@link TokenCache}. A token is replaced `refreshMarginMs` before it expires, or
 * halfway through its life when it lives less than twice the margin (so a short-lived
 * token is not fetched per call).
 */
export function tokenCache({ refreshMarginMs, now }: TokenCacheOptions): TokenCache {
  let current: (CachedToken & { readonly renewAt: number }) | undefined;
  let pending: Pending | undefined;

  const start = (fetchToken: TokenFetcher, reason: TokenFetchReason): Pending => {
    const controller = new AbortController();
    const started: Pending = {
      controller,
      waiters: 0,
      // Settles the cache before any waiter resumes; a request every caller gave up on is not cached.
      promise: fetchToken(reason, controller.signal)
        .then((token) => {
          const margin = Math.max(0, Math.min(refreshMarginMs, (token.expiresAt - now()) / 2));
          const cached = { ...token, reason, renewAt: token.expiresAt - margin };
          if (pending === started) current = cached;
          return cached;
        })
        .finally(() => {
          if (pending === started) pending = undefined;
        }),
    };
    return started;
  };

  const join = (fetchToken: TokenFetcher, reason: TokenFetchReason, signal?: AbortSignal): Promise<CachedToken> => {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const shared = (pending ??= start(fetchToken, reason));
    shared.waiters += 1;
    return new Promise<CachedToken>((resolve, reject) => {
      const leave = (): void => {
        reject(signal?.reason);
        // The last caller to give up aborts the request.
        if (--shared.waiters > 0) return;
        if (pending === shared) pending = undefined;
        shared.controller.abort(signal?.reason);
      };
      shared.promise.then(resolve, reject).finally(() => signal?.removeEventListener("abort", leave));
      // The fetcher may have run far enough to abort the caller while it was being started.
      if (signal?.aborted) leave();
      else signal?.addEventListener("abort", leave, { once: true });
    });
  };

  const get = (fetchToken: TokenFetcher, signal?: AbortSignal): Promise<CachedToken> =>
    current && now() < current.renewAt ? Promise.resolve(current) : join(fetchToken, current ? "expiring" : "initial", signal);

  return {
    get,
    renew(rejected, fetchToken, signal) {
      if (current?.value === rejected) current = undefined;
      return current ? get(fetchToken, signal) : join(fetchToken, "unauthorized", signal);
    },
    take() {
      const taken = current;
      current = undefined;
      return taken;
    },
  };
}
