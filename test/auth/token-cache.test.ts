import { describe, expect, it } from "vitest";
import { tokenCache, type TokenCache, type Token, type TokenFetchReason, type TokenFetcher } from "../../src/auth/token-cache.js";

/** A fetcher that hands out `t1`, `t2`, … living `lifetimeMs` from `clock.now`, recording why it was asked. */
function counting(clock: { now: number }, lifetimeMs = 3_600_000) {
  const reasons: TokenFetchReason[] = [];
  const fetchToken: TokenFetcher = async (reason) => {
    reasons.push(reason);
    return { value: `t${reasons.length}`, expiresAt: clock.now + lifetimeMs };
  };
  return { reasons, fetchToken };
}

function cacheAt(clock: { now: number }, refreshMarginMs = 60_000): TokenCache {
  return tokenCache({ refreshMarginMs, now: () => clock.now });
}

describe("tokenCache", () => {
  it("fetches once for concurrent callers and serves the cached token afterwards", async () => {
    const clock = { now: 0 };
    const { reasons, fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.get(fetchToken)));
    expect(new Set(tokens.map((t) => t.value))).toEqual(new Set(["t1"]));
    expect((await cache.get(fetchToken)).value).toBe("t1");
    expect(reasons).toEqual(["initial"]);
  });

  it("asks again with reason expiring once the margin before expiry is reached", async () => {
    const clock = { now: 0 };
    const { reasons, fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    await cache.get(fetchToken);
    clock.now = 3_540_000;
    expect((await cache.get(fetchToken)).value).toBe("t2");
    expect(reasons).toEqual(["initial", "expiring"]);
  });

  it("renews a token that lives less than twice the margin halfway through its life", async () => {
    const clock = { now: 0 };
    const { fetchToken } = counting(clock, 10_000);
    const cache = cacheAt(clock);
    await cache.get(fetchToken);
    clock.now = 4_999;
    expect((await cache.get(fetchToken)).value).toBe("t1");
    clock.now = 5_000;
    expect((await cache.get(fetchToken)).value).toBe("t2");
  });

  it("gives a caller refused with an already replaced token the replacement, without asking again", async () => {
    const clock = { now: 0 };
    const { reasons, fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    const first = await cache.get(fetchToken);
    expect((await cache.renew(first.value, fetchToken)).value).toBe("t2");
    expect((await cache.renew(first.value, fetchToken)).value).toBe("t2");
    expect(reasons).toEqual(["initial", "unauthorized"]);
  });

  it("asks again when the replacement of a refused token has itself expired", async () => {
    const clock = { now: 0 };
    const { reasons, fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    const first = await cache.get(fetchToken);
    await cache.renew(first.value, fetchToken);
    clock.now = 3_600_000;
    expect((await cache.renew(first.value, fetchToken)).value).toBe("t3");
    expect(reasons).toEqual(["initial", "unauthorized", "expiring"]);
  });

  it("tells whether a token was fetched to replace a refused one, through get and renew alike", async () => {
    const clock = { now: 0 };
    const { fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    const first = await cache.get(fetchToken);
    expect(first.reason).toBe("initial");
    expect((await cache.renew(first.value, fetchToken)).reason).toBe("unauthorized");
    expect(await cache.get(fetchToken)).toMatchObject({ value: "t2", reason: "unauthorized" });
    clock.now = 3_540_000;
    expect(await cache.get(fetchToken)).toMatchObject({ value: "t3", reason: "expiring" });
  });

  it("forgets a failed request so that the next call asks again", async () => {
    const clock = { now: 0 };
    const cache = cacheAt(clock);
    await expect(cache.get(async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    const { fetchToken } = counting(clock);
    expect((await cache.get(fetchToken)).value).toBe("t1");
  });

  it("take() returns the cached token once and empties the cache", async () => {
    const clock = { now: 0 };
    const { fetchToken } = counting(clock);
    const cache = cacheAt(clock);
    await cache.get(fetchToken);
    expect(cache.take()?.value).toBe("t1");
    expect(cache.take()).toBeUndefined();
  });

  it("does not cache a token whose request every caller gave up on, and starts afresh", async () => {
    const clock = { now: 0 };
    const cache = cacheAt(clock);
    let finish: (token: Token) => void = () => undefined;
    const abandoned: TokenFetcher = () => new Promise((resolve) => (finish = resolve));
    const controller = new AbortController();
    const waiting = cache.get(abandoned, controller.signal);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    finish({ value: "late", expiresAt: Number.POSITIVE_INFINITY });
    const { fetchToken } = counting(clock);
    expect((await cache.get(fetchToken)).value).toBe("t1");
  });
});
