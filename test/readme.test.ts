import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/lib/bundle-spec.js";
import { missingExamples, syncedReadme } from "../scripts/sync-readme.js";

describe("README.md", () => {
  it("shows the examples/ files and bench/results.md as they are (run `npx tsx scripts/sync-readme.ts` when this fails)", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    expect(readme).toContain("// examples/atlas-digest.ts");
    expect(readme).toContain("<!-- bench:start -->\nMeasured with `npm run bench`");
    expect(await syncedReadme(readme)).toBe(readme);
  });

  it("shows every file of examples/ in a block of its own", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    expect(await missingExamples(readme)).toEqual([]);
  });

  it("notices a whole example block deleted from the README", async () => {
    const readme = await readFile(join(projectRoot, "README.md"), "utf8");
    const block = /```ts\n\/\/ (examples\/[\w.-]+\.ts)\n[\s\S]*?```\n?/.exec(readme);
    expect(block).not.toBeNull();
    const without = readme.replace(block![0], "");
    expect(await missingExamples(without)).toEqual([block![1]]);
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
