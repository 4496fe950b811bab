import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { userAgent, VERSION } from "../../src/client/user-agent.js";

describe("userAgent", () => {
  it("names the package at the version package.json gives", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(userAgent()).toBe(`atlas-admin-client/${VERSION} (node/${process.versions.node}; ${process.platform} ${process.arch})`);
  });

  it("appends the user's suffix", () => {
    expect(userAgent("portal/2.3")).toMatch(/\) portal\/2\.3$/);
  });
});
