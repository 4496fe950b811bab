/**
 * How a request finds its rate-limit bucket, and the limits `listRateLimits` reports up front.
 *
 * @module
 */
import type { OperationInfo } from "../../generated/operations.js";
import type { FetchLike, Logger } from "../types/index.js";

/** One endpoint set's limits as `listRateLimits` reports them. */
export interface RateLimitSet {
  readonly id: string;
  /** `ORGANIZATION`, `GROUP`, `USER` or `IP`. */
  readonly scope: string;
  readonly capacity: number;
  readonly rate: number;
  readonly periodSeconds: number;
}

/** Endpoint sets by `METHOD /path/{template}`. */
export type RateLimitSets = ReadonlyMap<string, RateLimitSet>;

interface EndpointSetAnswer {
  readonly results?: readonly {
    readonly endpointSetId: string;
    readonly scope: string;
    readonly endpoints?: readonly { readonly method: string; readonly path: string }[];
    readonly capacity?: { readonly value?: number };
    readonly refillRate?: { readonly value?: number };
    readonly refillDurationSeconds?: { readonly value?: number };
  }[];
}

/** Where each scope's value is in a path; caller and IP scopes have none. */
const SCOPES: Readonly<Record<string, RegExp>> = {
  ORGANIZATION: /\/orgs\/([^/?#]+)/,
  GROUP: /\/groups\/([^/?#]+)/,
  ANY: /\/(?:orgs|groups)\/([^/?#]+)/,
};

/**
 * The bucket a request draws from, as far as a client can tell: its endpoint set (from
 * `listRateLimits`, else its method and path template) and the scope value in its path (the
 * org or project id). The caller is the client's own credentials, so it is not in the key.
 */
export function bucketKey(request: Request, operation: OperationInfo | undefined, sets: RateLimitSets | undefined): { key: string; name: string; set?: RateLimitSet } {
  const name = `${request.method} ${operation?.path ?? request.url.replace(/^\w+:\/\/[^/]+|[?#].*/g, "")}`;
  const set = sets?.get(name);
  const pattern = set ? SCOPES[set.scope] : SCOPES["ANY"];
  const scope = (pattern && pattern.exec(request.url)?.[1]) ?? "";
  return set ? { key: `${set.id} ${scope}`, name: set.id, set } : { key: `${name} ${scope}`, name };
}

/**
 * Reads every endpoint set with `GET /api/atlas/v2/rateLimits` (version 2025-03-12) through
 * `next`; `undefined` when the server does not answer it (the client then learns as it goes).
 */
export async function preloadRateLimits(next: FetchLike, request: Request, logger?: Logger): Promise<RateLimitSets | undefined> {
  const url = new URL("/api/atlas/v2/rateLimits?itemsPerPage=500", request.url).href;
  try {
    const response = await next(new Request(url, { headers: { Accept: "application/vnd.atlas.2025-03-12+json" } }));
    if (!response.ok) throw new Error(`answered ${response.status}`);
    const sets = new Map<string, RateLimitSet>();
    for (const set of ((await response.json()) as EndpointSetAnswer).results ?? []) {
      const limits = { id: set.endpointSetId, scope: set.scope, capacity: set.capacity?.value ?? 0, rate: set.refillRate?.value ?? 0, periodSeconds: set.refillDurationSeconds?.value ?? 0 };
      for (const endpoint of set.endpoints ?? []) sets.set(`${endpoint.method} ${endpoint.path}`, limits);
    }
    return sets;
  } catch (error) {
    logger?.debug?.({ event: "rate-limit", message: `listRateLimits failed (${error instanceof Error ? error.message : String(error)}); limits are learned from answers`, url });
    return undefined;
  }
}
