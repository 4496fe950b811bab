import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitNotice } from "../../../src/cli/output/rate-limit-notice.js";
import { startMockServer, type MockServer } from "../../../src/mock/index.js";
import { apiKeyEnv, runInProcess } from "../cli-harness.js";

describe("rateLimitNotice", () => {
  it("writes one line per wait (which limit, how many calls, how long) and nothing for ordinary answers in the first seconds", () => {
    let now = 0;
    const lines: string[] = [];
    const logger = rateLimitNotice((text) => lines.push(text), () => now);
    logger.debug?.({ event: "response", message: "← 200" });
    logger.debug?.({ event: "rate-limit", message: "", limit: "api/atlas/v2/orgs", waitMs: 54_100, queued: 3 });
    logger.debug?.({ event: "retry", message: "" });
    expect(lines).toEqual(["Rate limit api/atlas/v2/orgs: 3 calls waiting 55 s\n"]);
  });

  it("shows progress once a command has run 3 s, then every 5 s at most", () => {
    let now = 0;
    const lines: string[] = [];
    const logger = rateLimitNotice((text) => lines.push(text), () => now);
    for (const at of [1_000, 2_999, 3_000, 4_000, 7_999, 8_000]) {
      now = at;
      logger.debug?.({ event: "response", message: "← 200" });
    }
    expect(lines).toEqual(["… 3 requests answered in 3 s\n", "… 6 requests answered in 8 s\n"]);
  });
});

describe("a CLI command under a rate limit", () => {
  let mock: MockServer;
  beforeAll(async () => {
    const endpoints = [{ method: "POST", path: "/api/atlas/v2/orgs/{orgId}/teams" }];
    mock = await startMockServer({ rateLimits: { sets: [{ id: "createTeam_org", scope: "ORGANIZATION", endpoints, capacity: 1, refillRate: 1, refillDurationSeconds: 1 }] } });
  });
  afterAll(() => mock.close());

  it("waits, says so on stderr, and keeps its JSON stdout clean", async () => {
    const env = apiKeyEnv(mock);
    const run = (name: string) => runInProcess(["--base-url", mock.url, "--json", "teams", "create", name, "--org-id", mock.credentials.orgId], env);
    expect((await run("first")).code).toBe(0);
    const second = await run("second");
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/^Rate limit api\/atlas\/v2\/orgs\/\{orgId\}\/teams: 1 call waiting 1 s$/m);
    expect(JSON.parse(second.stdout)).toMatchObject({ name: "second" });
  });
});
