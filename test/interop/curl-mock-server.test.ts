import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.js";
import { findInteropTools } from "./support/interop-tools.js";

const curl = findInteropTools().curl;
const run = promisify(execFile);
const V2 = "application/vnd.atlas.2023-01-01+json";

/** curl's answer: the status of the last response and its body. */
interface CurlAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Runs curl --digest (asynchronously: the mock answers from this very process). */
async function curlDigest(user: string, url: string, extra: readonly string[] = []): Promise<CurlAnswer> {
  const { stdout } = await run(curl ?? "curl", ["-sS", "--digest", "-u", user, "-H", `Accept: ${V2}`, ...extra, "-w", "\n%{http_code}", url]);
  const cut = stdout.lastIndexOf("\n");
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) as unknown };
}

describe.skipIf(!curl)("curl --digest against the mock server", () => {
  let md5: MockServer;
  let sha256: MockServer;
  beforeAll(async () => {
    md5 = await startMockServer();
    sha256 = await startMockServer({ digestAlgorithms: ["SHA-256"] });
  });
  afterAll(async () => {
    await md5?.close();
    await sha256?.close();
  });

  const key = (server: MockServer): string => `${server.credentials.apiKey.publicKey}:${server.credentials.apiKey.privateKey}`;

  it("lists organizations with the seeded API key", async () => {
    const answer = await curlDigest(key(md5), `${md5.url}/api/atlas/v2/orgs?pageNum=1&itemsPerPage=5`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ results: [{ id: md5.credentials.orgId, name: md5.credentials.orgName }] });
  });

  it("creates a team with a POST body curl re-sends after the challenge", async () => {
    const body = JSON.stringify({ name: "curl-team", usernames: [] });
    const answer = await curlDigest(key(md5), `${md5.url}/api/atlas/v2/orgs/${md5.credentials.orgId}/teams`, [
      "-X",
      "POST",
      "-H",
      `Content-Type: ${V2}`,
      "--data",
      body,
    ]);
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(300);
    expect(answer.body).toMatchObject({ name: "curl-team" });
  });

  it("answers 401 UNAUTHORIZED to a wrong private key", async () => {
    const answer = await curlDigest(`${md5.credentials.apiKey.publicKey}:not-the-key`, `${md5.url}/api/atlas/v2/orgs`);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
  });

  it("accepts curl's SHA-256 digest when the mock offers only SHA-256", async () => {
    const answer = await curlDigest(key(sha256), `${sha256.url}/api/atlas/v2/orgs`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ totalCount: 1 });
  });
});
