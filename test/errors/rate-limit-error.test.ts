import { describe, expect, it } from "vitest";
import { RateLimitError } from "../../src/index.js";

describe("RateLimitError", () => {
  it("says which limit held the call and how long it would have waited, in seconds", () => {
    const error = new RateLimitError({ limit: "api/atlas/v2/orgs", waitMs: 54_200, maxWaitMs: 30_000, method: "POST", url: "https://cloud.mongodb.com/api/atlas/v2/orgs" });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("RateLimitError");
    expect(error.status).toBe(429);
    expect(error.message).toBe("POST https://cloud.mongodb.com/api/atlas/v2/orgs: rate limit api/atlas/v2/orgs would have kept the call waiting 55 s (maxWaitMs 30 s)");
    expect({ limit: error.limit, waitMs: error.waitMs, maxWaitMs: error.maxWaitMs }).toEqual({ limit: "api/atlas/v2/orgs", waitMs: 54_200, maxWaitMs: 30_000 });
  });
});
