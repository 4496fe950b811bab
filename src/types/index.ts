/**
 * Shapes shared by the client's layers. Every layer below openapi-fetch is a
 * {@link FetchLike} that wraps the next one, so auth, retries and timeouts compose
 * without knowing about each other.
 *
 * @module
 */

/** A `fetch` that takes a `Request` and resolves to the `Response` (what openapi-fetch calls). */
export type FetchLike = (request: Request) => Promise<Response>;

/** One structured event for a {@link Logger}. Secrets are masked before an event is built. */
export interface LogEvent {
  /** What happened: `request`, `response`, `retry`, `auth`, `deprecation`, … */
  readonly event: string;
  /** A one-line human description. */
  readonly message: string;
  /** Further fields (method, url, status, attempt, operationId, …). */
  readonly [field: string]: unknown;
}

/**
 * Receives the client's structured events. Both methods are optional; a missing one
 * means that level is dropped. `console` fits.
 */
export interface Logger {
  /** Request, response, retry and auth events. */
  debug?(event: LogEvent): void;
  /** Things a user should act on: deprecated or sunset versions. */
  warn?(event: LogEvent): void;
}

/** What an auth strategy is given when a client wraps its transport. */
export interface AuthContext {
  /** The transport below auth (bound late to `globalThis.fetch` unless the user gave one). */
  readonly fetch: FetchLike;
  /** The `User-Agent` the client sends; token and revoke requests send it too. */
  readonly userAgent: string;
  /** The client's logger, if any. */
  readonly logger?: Logger | undefined;
}

/**
 * An authentication strategy: `digestAuth(…)` or `serviceAccountAuth(…)`. Swapping one
 * for another changes nothing else in the client.
 */
export interface AuthStrategy {
  /** `"digest"` or `"serviceAccount"`. */
  readonly type: string;
  /** Returns a fetch that authenticates every request it sends through `context.fetch`. */
  wrap(context: AuthContext): FetchLike;
}
