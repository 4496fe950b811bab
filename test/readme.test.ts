import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/lib/bundle-spec.js";
import { syncedReadme } from "../scripts/sync-readme.js";

describe("README.md", () => {
  it("shows the examples/ files and bench/results.md as they are (run `npx tsx scripts/sync-readme.ts` when this fails)", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    expect(readme).toContain("// examples/atlas-digest.ts");
    expect(readme).toContain("<!-- bench:start -->\nMeasured with `npm run bench`");
    expect(await syncedReadme(readme)).toBe(readme);
  });

  it("starts with a quick start whose commands are the ones package.json and .ci/run use", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    const ci = await readFile(join(projectRoot, ".ci", "run"), "utf8");
    const quickStart = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("## The four surfaces"));
    expect(quickStart).toContain("npm ci && npm start");
    expect(quickStart).toContain("npm test");
    expect(ci).toMatch(/^npm test$/m);
  });
});
