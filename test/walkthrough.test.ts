import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runWalkthrough, type WalkthroughResult } from "../scripts/walkthrough.js";

async function walk(): Promise<{ result: WalkthroughResult; lines: string[] }> {
  const lines: string[] = [];
  const result = await runWalkthrough((line) => lines.push(line));
  return { result, lines };
}

describe("the walkthrough (npm start)", () => {
  it("does the same work on the four APIs, refusing only what the documents say must be refused", async () => {
    const { result } = await walk();
    const sections = [...new Set(result.steps.map((step) => step.section))];
    expect(sections).toEqual([
      "Atlas Administration API v2, API key abcdefgh (HTTP Digest)",
      "Atlas Administration API v1.0, API key abcdefgh (HTTP Digest)",
      "Cloud Manager public API v1.0 (HTTP Digest)",
      "Ops Manager public API v1.0, global-owner API key omglobal (HTTP Digest)",
    ]);
    for (const section of sections) {
      const labels = result.steps.filter((step) => step.section === section).map((step) => step.label);
      expect(labels.some((label) => label.startsWith("create organization"))).toBe(true);
      expect(labels).toEqual(expect.arrayContaining(['create team "dbas"', 'create team "app-devs"', "page through the teams, one per page"]));
    }
    expect(result.steps.filter((step) => step.outcome === "refused").map((step) => [step.section.split(" ")[0], step.errorCode])).toEqual([
      ["Cloud", "API_KEY_CANNOT_CREATE_ORG"],
    ]);
    const ops = result.steps.filter((step) => step.section.startsWith("Ops"));
    expect(ops.find((step) => step.label.startsWith("add "))?.outcome).toBe("done");
  });

  it("switches to the service account the new Atlas v2 organization came with, and to the v1.0 organization's new API key", async () => {
    const { lines } = await walk();
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}✓ create organization "walkthrough-v2" with service account "walkthrough-bot": org [a-f0-9]{24}, client mdb_sa_id_[a-f0-9]{24} \(2 round trips\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}→ switch to service account mdb_sa_id_[a-f0-9]{24} /));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}→ switch to the new API key [a-z]+ \(HTTP Digest/));
    expect(lines.filter((line) => line === "  ✓ page through the teams, one per page: dbas, app-devs (2 round trips)")).toHaveLength(4);
    expect(lines.join("\n")).not.toMatch(/mdb_sa_sk_/);
  });

  it("counts its round trips and token requests, and the mock counts the same", async () => {
    const { result, lines } = await walk();
    expect(result.roundTrips).toBe(result.mockCounters.httpRequests);
    expect(result.tokenRequests).toBe(1);
    expect(result.mockCounters.tokenRequests).toBe(1);
    // Each Digest client pays one challenge on its first call, then one round trip a call:
    // 6 Digest clients (the seeded key on v2, v1.0 and Cloud Manager, the new v1.0 key, the
    // user, the Ops Manager key) + 1 token request + 30 calls (the token revocation included).
    const calls = result.steps.reduce((sum, step) => sum + step.roundTrips, 0);
    expect(calls).toBe(result.roundTrips);
    expect(result.roundTrips).toBe(37);
    expect(lines.slice(-2)).toEqual([`HTTP round trips: 37 (the mock counted 37)`, "Token requests:   1 (the mock counted 1)"]);
  });

  it("runs as a script and exits 0", async () => {
    const root = fileURLToPath(new URL("../", import.meta.url));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "scripts/walkthrough.ts"], { cwd: root }, (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }));
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^atlas-admin-client walkthrough against an embedded mock server at http:\/\/127\.0\.0\.1:\d+\n/);
    expect(stdout).toContain("Done: 25 steps succeeded, 1 refused as the documents say they must be.");
  });
});
