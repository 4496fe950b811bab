import { describe, expect, it } from "vitest";
import { sendAuthorized } from "../../src/auth/send-authorized.js";

describe("sendAuthorized", () => {
  it("sends with the Authorization header and leaves the caller's request without it", async () => {
    const request = new Request("https://cloud.mongodb.com/api/atlas/v2/orgs");
    let seen: string | null = null;
    await sendAuthorized(async (r) => {
      seen = r.headers.get("authorization");
      return new Response("{}");
    }, request, "Bearer t0ken");
    expect(seen).toBe("Bearer t0ken");
    expect(request.headers.get("authorization")).toBeNull();
  });

  it("puts back a header the request had, even when sending fails", async () => {
    const request = new Request("https://cloud.mongodb.com/x", { headers: { Authorization: "Basic own" } });
    const failure = new TypeError("fetch failed");
    await expect(sendAuthorized(async () => Promise.reject(failure), request, "Bearer t0ken")).rejects.toBe(failure);
    expect(request.headers.get("authorization")).toBe("Basic own");
  });
});
