/**
 * How a mock is set up: seeds, clock, auth knobs, and the two behaviours the documents
 * leave open.
 *
 * @module
 */
import type { MockSeed } from "../state/mock-seed.js";
import type { EnvelopeStatus } from "./shape-response.js";
import type { MockRateLimits } from "../rate-limits/mock-rate-limits.js";

/**
 * Which API answers on `/api/public/v1.0` (Cloud Manager and Ops Manager share its paths):
 * always one of them, or `"by-credential"` (the default): calls signed by an Ops Manager
 * global-owner API key get Ops Manager's rules, every other call Cloud Manager's.
 */
export type PublicApiFlavor = "by-credential" | "cloud-manager" | "ops-manager";

/** Options of `createMockCore`, `createAtlasMock` and `startMockServer`. */
export interface MockOptions {
  /** Replaces parts of the default seed (`defaultMockSeed`). */
  readonly seed?: Partial<MockSeed>;
  /** The mock's clock (epoch ms): nonce and token expiry, sunsets, secret expiry. Default `Date.now`. */
  readonly now?: () => number;
  /** How long a Digest nonce lives (default 300 000 ms; Ops Manager uses 60 000). */
  readonly nonceLifetimeMs?: number;
  /** Digest algorithms offered, one challenge each (default `["MD5"]`; `"SHA-256"` too is supported). */
  readonly digestAlgorithms?: readonly string[];
  /** Refuse a Digest `nc` not above the last one for its nonce (default true). */
  readonly strictNonceCount?: boolean;
  /** Token endpoint limit per client id (default 10 a minute); false turns it off. */
  readonly tokenRateLimit?: { readonly limit: number; readonly windowMs: number } | false;
  /** Access token lifetime (default 3600 s). */
  readonly tokenLifetimeSeconds?: number;
  /** See {@link PublicApiFlavor}. */
  readonly publicApi?: PublicApiFlavor;
  /** Atlas v2 token buckets per endpoint set and scope (default: 10 000 per operation a minute, out of the way); false turns them off. */
  readonly rateLimits?: MockRateLimits | false;
  /** With `envelope=true`: answer 200 with the code in `status` (default), or keep the real status line. */
  readonly envelopeStatus?: EnvelopeStatus;
  /** The largest request body accepted (default 1 MiB); a larger one gets 413 `REQUEST_TOO_LARGE`. */
  readonly maxBodyBytes?: number;
  /** How many of the latest requests `state.requests` keeps (default 1000; `Infinity` keeps all). */
  readonly requestLogLimit?: number;
}
