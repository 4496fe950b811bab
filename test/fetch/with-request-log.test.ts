import { describe, expect, it } from "vitest";
import type { FetchLike, LogEvent } from "../../src/types/index.js";
import { withRequestLog } from "../../src/fetch/with-request-log.js";

const ok: FetchLike = async () => new Response("{}", { status: 200 });

describe("withRequestLog", () => {
  it("adds nothing when there is no debug logger", () => {
    expect(withRequestLog(ok, undefined)).toBe(ok);
    expect(withRequestLog(ok, { warn: () => undefined })).toBe(ok);
  });

  it("logs each exchange with the status and masks credentials in headers and URL", async () => {
    const events: LogEvent[] = [];
    const logged = withRequestLog(ok, { debug: (e) => events.push(e) });
    await logged(new Request("https://cloud.mongodb.com/api/oauth/revoke?token=abc123secret", { headers: { Authorization: "Bearer abc123secret" } }));
    expect(events.map((e) => [e.event, e.method, e.status])).toEqual([["request", "GET", undefined], ["response", "GET", 200]]);
    expect(JSON.stringify(events)).not.toContain("abc123secret");
  });
});
