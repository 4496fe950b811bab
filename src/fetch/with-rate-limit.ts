/**
 * Pacing under Atlas's token buckets. Every v2 endpoint set draws, per scope (organization,
 * project, caller, IP), from a bucket of `capacity` tokens refilled by `refillRate` every
 * `refillDurationSeconds`; an empty bucket answers 429 `RATE_LIMITED_TOKEN_BUCKET`.
 * This layer learns each bucket from the answers and holds calls in a queue rather than
 * sending them to be refused.
 *
 * @module
 */
import { operationOf, rememberOperation } from "../middleware/call-info.js";
import { RateLimitError } from "../errors/rate-limit-error.js";
import { retryAfterMs } from "./retry-after-ms.js";
import { bucketKey, preloadRateLimits, type RateLimitSets } from "../rate-limit/preload-rate-limits.js";
import type { FetchLike, Logger } from "../types/index.js";

/** How the client paces itself under rate limits. `rateLimit: false` on a client turns pacing off. */
export interface RateLimitOptions {
  /** The longest a call may wait for a rate limit, in all, before it fails with `RateLimitError`. Default 900000 (15 minutes). */
  readonly maxWaitMs?: number;
  /** The most calls of this client in flight at once; the others wait in its queue. Default 64. */
  readonly concurrency?: number;
  /** Read every endpoint set's limits with `listRateLimits` before the first call (Atlas v2). Default false. */
  readonly preload?: boolean;
}

/** {@link RateLimitOptions} plus where `rate-limit` events go. */
export interface WithRateLimitOptions extends RateLimitOptions {
  readonly logger?: Logger | undefined;
}

/** Tokens left below which, with another process drawing, each client keeps one call in flight. */
const END_GAME = 4;

interface Waiter {
  readonly request: Request;
  readonly start: number;
  /** Not before this time: a call refused with 429 waits `Retry-After`, doubled on each further refusal. */
  earliest: number;
  refusals: number;
  go(): void;
  fail(error: unknown): void;
}

interface Bucket {
  /** The endpoint a 429 named, else the method and path template. */
  name: string;
  /** Tokens this client may still draw; `Infinity` while no answer reported a limit. */
  level: number;
  limit: number;
  /** Refill (tokens per `periodMs`) once a 429 or `listRateLimits` said it; 0 while unknown. */
  rate: number;
  periodMs: number;
  refillAt: number;
  pausedUntil: number;
  /** Whether an answer has reported the bucket since the last modelled refill. */
  confirmed: boolean;
  inflight: number;
  sent: number;
  /** The send number of the newest call whose answer set `level`. */
  reported: number;
  /** The server's `RateLimit-Remaining` in that answer, plus the modelled refills since. */
  seen: number;
  /** Whether the server ever counted draws this client did not make: another process shares the bucket. */
  shared: boolean;
  /** Draws of others between the last two answers reported. */
  recent: number;
  /** Draws of others seen since the last modelled refill, and in the period before it. */
  othersNow: number;
  othersBefore: number;
  /** Answers not reported since the last one that was (they came in out of order). */
  since: number;
  readonly queue: Waiter[];
  timer?: ReturnType<typeof setTimeout> | undefined;
  waitUntil: number;
}

/**
 * Wraps `next` (retry and below) so that calls wait for their rate limit:
 *
 * - A bucket is keyed by method and path template (or `listRateLimits`' endpoint set) and the
 *   org or project id in the path; the client's own credentials are the caller.
 * - The first call of a bucket goes alone; its answer's `RateLimit-Limit`/`RateLimit-Remaining`
 *   say how many may follow. An answer without them leaves the bucket unpaced.
 * - Pacing follows the server's count, not only this client's: at most half of what
 *   `RateLimit-Remaining` reports left is in flight at once, and after each modelled refill
 *   one call goes first, since other processes may draw from the same bucket. While the count
 *   shows another process drawing, the last tokens of a refill go one call at a time, and the
 *   last one is left to the call the other has on its way for it.
 * - A 429 pauses the whole bucket for `Retry-After`; its body's `parameters` (endpoint, wait,
 *   capacity, refill rate, refill period) give the refill, so later calls wait for it
 *   without being refused. The refused call is sent again (nothing was done), after
 *   `Retry-After`, doubled on each further refusal.
 * - A call that would wait longer than `maxWaitMs` in all fails with {@link RateLimitError};
 *   the request's `signal` ends a wait at once, rejecting with its reason.
 */
export function withRateLimit(next: FetchLike, options: WithRateLimitOptions = {}): FetchLike {
  const { maxWaitMs = 900_000, concurrency = 64, logger } = options;
  const buckets = new Map<string, Bucket>();
  const waiting = new Set<Bucket>();
  let active = 0;
  let sets: Promise<RateLimitSets | undefined> | undefined;

  function bucketOf(request: Request, known: RateLimitSets | undefined): Bucket {
    const { key, name, set } = bucketKey(request, operationOf(request), known);
    let bucket = buckets.get(key);
    if (!bucket) {
      const limit = set?.capacity ?? 0;
      const periodMs = (set?.periodSeconds ?? 0) * 1000;
      // Unknown: one call finds out. Preloaded: assumed full until an answer says.
      const refillAt = Date.now() + periodMs;
      bucket = { name, level: limit || 1, limit, rate: set?.rate ?? 0, periodMs, refillAt, pausedUntil: 0, confirmed: false, inflight: 0, sent: 0, reported: 0, seen: NaN, shared: false, recent: 0, othersNow: 0, othersBefore: 0, since: 0, queue: [], waitUntil: 0 };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  /** `true` to send now; otherwise the time to look again (0: when an answer comes). */
  function check(bucket: Bucket, waiter: Waiter, now: number): true | number {
    if (bucket.rate && now >= bucket.refillAt) {
      const periods = 1 + Math.floor((now - bucket.refillAt) / bucket.periodMs);
      bucket.level = Math.min(bucket.limit || Infinity, Math.max(bucket.level, 0) + periods * bucket.rate);
      bucket.seen = Math.min(bucket.limit || Infinity, bucket.seen + periods * bucket.rate);
      bucket.refillAt += periods * bucket.periodMs;
      bucket.confirmed = false;
      bucket.othersBefore = periods === 1 ? bucket.othersNow : 0;
      bucket.othersNow = 0;
    }
    const at = Math.max(waiter.earliest, bucket.pausedUntil);
    if (at > now) return at;
    if (active >= concurrency) return 0;
    if (bucket.level === Infinity) return true;
    if (!bucket.confirmed || bucket.level <= 0) {
      // With the refill unknown, one call at a time finds out (its 429 says when and how much).
      if (bucket.inflight > 0) return 0;
      if (bucket.level <= 0 && bucket.rate) return bucket.refillAt;
      return true;
    }
    // Another process drawing from the bucket (it drew in this period or the one before) sees
    // the count a round trip late, as this client does. Near the end of a refill each goes one
    // call at a time and sends the next only while 2 or more are left: of the last tokens, each
    // one is then taken by the call already on its way for it, seldom by two. A client whose
    // remaining calls fit in what is left sends them as usual.
    if (othersDrawing(bucket) && bucket.level <= END_GAME && bucket.queue.length > bucket.level) {
      return bucket.inflight ? 0 : bucket.level >= 2 || !bucket.rate || bucket.refillAt;
    }
    // Otherwise at most half of what is left in flight: the count is a round trip old, and
    // another process may be reaching for the same tokens.
    if (bucket.inflight * 2 < bucket.level) return true;
    return bucket.inflight ? 0 : bucket.refillAt;
  }

  function pump(bucket: Bucket): void {
    const now = Date.now();
    let wake = Infinity;
    for (let i = 0; i < bucket.queue.length; ) {
      const waiter = bucket.queue[i] as Waiter;
      const when = check(bucket, waiter, now);
      if (when === true) {
        bucket.queue.splice(i, 1);
        claim(bucket);
        waiter.go();
        continue;
      }
      const projected = Math.max(when, now) - waiter.start + (bucket.rate ? Math.floor(i / bucket.rate) * bucket.periodMs : 0);
      if (projected > maxWaitMs) {
        bucket.queue.splice(i, 1);
        const url = waiter.request.url.replace(/[?#].*/, "");
        waiter.fail(new RateLimitError({ limit: bucket.name, waitMs: projected, maxWaitMs, method: waiter.request.method, url }));
        continue;
      }
      if (when > now) wake = Math.min(wake, when);
      // Calls behind one held back by the bucket (not by its own refusal) wait too: first come, first sent.
      if (!(waiter.earliest > now && when === waiter.earliest)) break;
      i++;
    }
    clearTimeout(bucket.timer);
    bucket.timer = undefined;
    if (bucket.queue.length === 0) waiting.delete(bucket);
    else waiting.add(bucket);
    if (wake === Infinity || bucket.queue.length === 0) return;
    bucket.timer = setTimeout(() => pump(bucket), wake - now);
    if (wake !== bucket.waitUntil) {
      bucket.waitUntil = wake;
      const waitMs = wake - now;
      const queued = bucket.queue.length;
      logger?.debug?.({ event: "rate-limit", message: `${queued} call(s) wait ${waitMs} ms for rate limit ${bucket.name}`, limit: bucket.name, waitMs, queued });
    }
  }

  function wait(bucket: Bucket, waiter: Omit<Waiter, "go" | "fail">): Promise<void> {
    const { signal } = waiter.request;
    return new Promise<void>((resolve, reject) => {
      const abort = (): void => {
        const at = bucket.queue.indexOf(entry);
        if (at >= 0) bucket.queue.splice(at, 1);
        reject(signal.reason);
      };
      const settle = (then: () => void) => (): void => {
        signal.removeEventListener("abort", abort);
        then();
      };
      const entry: Waiter = Object.assign(waiter, {
        go: settle(resolve),
        fail: (error: unknown) => settle(() => reject(error))(),
      });
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", abort, { once: true });
      // A refused call goes back to the front: it was first.
      if (waiter.refusals > 0) bucket.queue.unshift(entry);
      else bucket.queue.push(entry);
      pump(bucket);
    });
  }

  // Counted when let through, so the next check sees it.
  function claim(bucket: Bucket): void {
    active += 1;
    bucket.inflight += 1;
    bucket.level -= 1;
    bucket.sent += 1;
  }

  function release(bucket: Bucket): void {
    active -= 1;
    bucket.inflight -= 1;
    // Nothing waits in the normal case, so nothing to do.
    for (const other of waiting) pump(other);
  }

  return async (request) => {
    const bucket = bucketOf(request, options.preload ? await (sets ??= preloadRateLimits(next, request, logger)) : undefined);
    const waiter = { request, start: Date.now(), earliest: 0, refusals: 0 } as Waiter;
    for (;;) {
      if (bucket.queue.length > 0 || check(bucket, waiter, Date.now()) !== true) await wait(bucket, waiter);
      else claim(bucket);
      const { sent } = bucket;
      let response: Response;
      try {
        // The body may have to go again after a 429.
        response = await next(request.body === null ? request : copyOf(request));
      } catch (error) {
        // No answer says nothing about limits: as one without headers, so failures do not queue behind each other.
        learn(bucket, new Headers(), sent);
        release(bucket);
        throw error;
      }
      if (response.status !== 429) {
        learn(bucket, response.headers, sent);
        release(bucket);
        return response;
      }
      await refused(bucket, waiter, response);
      release(bucket);
    }
  };
}

function copyOf(request: Request): Request {
  const copy = request.clone();
  const operation = operationOf(request);
  if (operation) rememberOperation(copy, operation);
  return copy;
}

/** What an answer other than 429 says about its bucket. */
function learn(bucket: Bucket, headers: Headers, sent: number): void {
  const remaining = headers.get("ratelimit-remaining");
  bucket.confirmed = true;
  if (remaining === null) {
    if (!bucket.limit) bucket.level = Infinity;
    return;
  }
  // An older answer says less than a newer one. The calls still in flight may not be counted
  // yet, whenever they were sent: a re-signed or retried one reaches the server late.
  if (sent <= bucket.reported) {
    bucket.since += 1;
    return;
  }
  // A preloaded refill is counted from the first answer: the server's bucket started no earlier.
  if (!bucket.reported && bucket.rate) bucket.refillAt = Date.now() + bucket.periodMs;
  // Fewer left than this client's own calls can explain (any in flight or answered out of order
  // may have been counted before this one): another process drew the rest.
  const left = Number(remaining);
  const own = bucket.inflight + bucket.since;
  // A bucket this client never drew from was full, unless others draw from it too.
  if (Number.isNaN(bucket.seen)) bucket.seen = Number(headers.get("ratelimit-limit")) || NaN;
  bucket.recent = Math.max(0, bucket.seen - left - own) || 0;
  if (bucket.recent) {
    bucket.shared = true;
    bucket.othersNow += bucket.recent;
  }
  // A rise no larger than those calls is theirs landing after this one, not a refill.
  if (!(left > bucket.seen && left - bucket.seen <= own)) bucket.seen = left;
  bucket.since = 0;
  bucket.reported = sent;
  bucket.level = left - (bucket.inflight - 1);
  bucket.limit = Number(headers.get("ratelimit-limit")) || bucket.limit;
}

/** Whether another process is drawing from the bucket: it drew since the last modelled refill, or in the period before. */
function othersDrawing(bucket: Bucket): boolean {
  return bucket.shared && (bucket.othersNow > 0 || bucket.othersBefore > 0);
}

/** A 429: pause the bucket until the refill and hold the refused call a little longer each time. */
async function refused(bucket: Bucket, waiter: Waiter, response: Response): Promise<void> {
  const body = (await response.json().catch(() => undefined)) as { errorCode?: unknown; parameters?: unknown } | undefined;
  const [endpoint, waitSeconds, capacity, rate, period] = body?.errorCode === "RATE_LIMITED_TOKEN_BUCKET" && Array.isArray(body.parameters) ? body.parameters : [];
  if (typeof endpoint === "string") bucket.name = endpoint;
  if (capacity > 0) bucket.limit = capacity;
  if (rate > 0 && period > 0) {
    bucket.rate = rate;
    bucket.periodMs = period * 1000;
  }
  const now = Date.now();
  const waitMs = retryAfterMs(response.headers) ?? (waitSeconds >= 0 ? waitSeconds * 1000 : 1000);
  // `Retry-After` is whole seconds, rounded up: a modelled refill less than a second before it is the finer guess.
  const refillAt = bucket.refillAt > now + waitMs - 1000 && bucket.refillAt <= now + waitMs ? bucket.refillAt : now + waitMs;
  bucket.pausedUntil = bucket.refillAt = Math.max(bucket.pausedUntil, refillAt);
  bucket.level = bucket.seen = 0;
  waiter.refusals += 1;
  waiter.earliest = now + waitMs * 2 ** (waiter.refusals - 1);
}
