/**
 * Atlas's v2 rate limits in the mock: every endpoint set draws, per scope value (one org,
 * one project, one caller, one IP), from a token bucket of `capacity` tokens that gains
 * `refillRate` tokens at the end of every `refillDurationSeconds` period (counted from the
 * bucket's first call). An empty bucket answers 429 `RATE_LIMITED_TOKEN_BUCKET` with
 * `Retry-After` in whole seconds; every v2 answer carries `RateLimit-Limit` and
 * `RateLimit-Remaining`. See https://www.mongodb.com/docs/atlas/api/api-rate-limit/.
 *
 * @module
 */
import { operations } from "../../../generated/operations.js";
import { apiErrorResponse } from "../core/api-error-response.js";
import { matchOperation } from "../core/match-operation.js";
import type { MockPrincipal } from "../auth/mock-principal.js";
import type { MockState } from "../state/create-mock-state.js";

/** Which value of a request picks its bucket within an endpoint set. */
export type MockRateLimitScope = "ORGANIZATION" | "GROUP" | "USER" | "IP";

/** A bucket's size and refill. */
export interface MockBucketLimits {
  readonly capacity: number;
  /** Tokens added at the end of every period. */
  readonly refillRate: number;
  /** The period in seconds; a fraction shortens it for tests (the `Retry-After` stays whole seconds). */
  readonly refillDurationSeconds: number;
}

/** One endpoint set, as `listRateLimits` reports it. */
export interface MockRateLimitSet extends MockBucketLimits {
  /** `endpointSetId`, e.g. `createOrganization_user`. */
  readonly id: string;
  /** `endpointSetName` (default: the id). */
  readonly name?: string;
  readonly scope: MockRateLimitScope;
  /** The endpoints by method and v2 path template, e.g. `{ method: "POST", path: "/api/atlas/v2/orgs" }`. */
  readonly endpoints: readonly { readonly method: string; readonly path: string }[];
}

/** The mock's rate limits (`rateLimits` of `createAtlasMock` / `startMockServer`). */
export interface MockRateLimits {
  /** Endpoint sets with their own limits. */
  readonly sets?: readonly MockRateLimitSet[];
  /**
   * The limits of every other v2 operation, one set per operation, scoped by the org or
   * project id in its path (else the caller). Default: 10 000 tokens, 10 000 every 60 s,
   * so ordinary tests never meet them.
   */
  readonly defaults?: MockBucketLimits;
}

/**
 * Atlas's documented figures for this slice: creating an organization, 10 tokens refilled
 * by 5 every 60 seconds (the example of https://www.mongodb.com/docs/atlas/api/api-rate-limit/),
 * counted per caller here since its path names no organization. Other operations keep the
 * mock's generous defaults, since their figures are not published.
 */
export const atlasRateLimits: MockRateLimits = {
  sets: [
    {
      id: "createOrganization_user",
      name: "Create Organization",
      scope: "USER",
      endpoints: [{ method: "POST", path: "/api/atlas/v2/orgs" }],
      capacity: 10,
      refillRate: 5,
      refillDurationSeconds: 60,
    },
  ],
};

const DEFAULTS: MockBucketLimits = { capacity: 10_000, refillRate: 10_000, refillDurationSeconds: 60 };

/** What one call drew: a 429 to send instead of handling it, and the headers of its answer. */
export interface MockDraw {
  readonly refusal?: Response;
  readonly limit: number;
  readonly remaining: number;
}

/** The mock's buckets. */
export interface MockRateLimiter {
  /** Every endpoint set, configured and default, in the order `listRateLimits` pages them. */
  readonly sets: readonly MockRateLimitSet[];
  /** Takes a token for a v2 call (`undefined` for a path that is not a v2 operation). */
  draw(method: string, pathname: string, principal: MockPrincipal): MockDraw | undefined;
  /** Sets `RateLimit-Limit` and `RateLimit-Remaining` on an answer. */
  decorate(response: Response, draw: MockDraw | undefined): Response;
  /** Full buckets again. */
  reset(): void;
}

const limiters = new WeakMap<MockState, MockRateLimiter>();

/** The limiter a mock core made for its state (the rate-limit routes answer from it). */
export function mockRateLimiterOf(state: MockState): MockRateLimiter | undefined {
  return limiters.get(state);
}

/** Builds the buckets from `config` on the mock's clock, for the core that owns `state`. */
export function createMockRateLimiter(state: MockState, config: MockRateLimits, now: () => number): MockRateLimiter {
  const configured = config.sets ?? [];
  const claimed = new Set(configured.flatMap((set) => set.endpoints.map((e) => `${e.method} ${e.path}`)));
  const defaults = config.defaults ?? DEFAULTS;
  const generated = operations
    .filter((op) => op.surface === "atlas-v2" && !claimed.has(`${op.method} ${op.path}`))
    .map((op): MockRateLimitSet => {
      const scope = op.path.includes("{groupId}") ? "GROUP" : op.path.includes("{orgId}") ? "ORGANIZATION" : "USER";
      return { id: `${op.operationId}_${scope.toLowerCase()}`, scope, endpoints: [{ method: op.method, path: op.path }], ...defaults };
    });
  const sets = [...configured, ...generated];
  const byEndpoint = new Map(sets.flatMap((set) => set.endpoints.map((e) => [`${e.method} ${e.path}`, set] as const)));
  const buckets = new Map<string, { tokens: number; refilledAt: number }>();

  function draw(method: string, pathname: string, principal: MockPrincipal): MockDraw | undefined {
    const match = matchOperation(["atlas-v2"], method, pathname);
    const path = match?.operation.path ?? "";
    const set = byEndpoint.get(`${method} ${path}`);
    if (!match || !set) return undefined;
    const params = match.pathParams;
    const scopeValue = { ORGANIZATION: params["orgId"], GROUP: params["groupId"], USER: callerOf(principal), IP: "ip" }[set.scope] ?? "";
    const key = `${set.id} ${scopeValue}`;
    const at = now();
    const periodMs = set.refillDurationSeconds * 1000;
    const bucket = buckets.get(key) ?? { tokens: set.capacity, refilledAt: at };
    buckets.set(key, bucket);
    const periods = Math.floor((at - bucket.refilledAt) / periodMs);
    bucket.tokens = Math.min(set.capacity, bucket.tokens + periods * set.refillRate);
    bucket.refilledAt += periods * periodMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { limit: set.capacity, remaining: bucket.tokens };
    }
    const wait = Math.max(1, Math.ceil((bucket.refilledAt + periodMs - at) / 1000));
    const endpoint = path.slice(1);
    const detail = `Rate limit exceeded for ${endpoint}. Please retry after ${wait} seconds. Request capacity: ${set.capacity}. Refill rate: ${set.refillRate} per ${set.refillDurationSeconds} seconds.`;
    const refusal = apiErrorResponse(429, "RATE_LIMITED_TOKEN_BUCKET", detail, {
      parameters: [endpoint, wait, set.capacity, set.refillRate, set.refillDurationSeconds],
      headers: { "Retry-After": String(wait), "RateLimit-Limit": String(set.capacity), "RateLimit-Remaining": "0" },
    });
    return { refusal, limit: set.capacity, remaining: 0 };
  }

  function decorate(response: Response, drawn: MockDraw | undefined): Response {
    if (!drawn) return response;
    response.headers.set("RateLimit-Limit", String(drawn.limit));
    response.headers.set("RateLimit-Remaining", String(Math.floor(drawn.remaining)));
    return response;
  }

  const limiter: MockRateLimiter = { sets, draw, decorate, reset: () => buckets.clear() };
  limiters.set(state, limiter);
  return limiter;
}

function callerOf(principal: MockPrincipal): string {
  return principal.kind === "apiKey" ? principal.publicKey : principal.kind === "user" ? principal.username : principal.clientId;
}
