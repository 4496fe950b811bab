import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderGenerated } from "../scripts/generate.js";
import { projectRoot } from "../scripts/lib/bundle-spec.js";

const generatedDir = join(projectRoot, "generated");

describe("generated/", () => {
  it("is exactly what the spec produces (run `npm run generate` when this fails)", async () => {
    const files = await renderGenerated();
    const stale: string[] = [];
    for (const [name, text] of files) {
      const committed = await readFile(join(generatedDir, name), "utf8").catch(() => "<missing>");
      if (committed !== text) stale.push(`generated/${name}`);
    }
    expect(stale, `stale: ${stale.join(", ")} — run \`npm run generate\` and commit generated/`).toEqual([]);
    const present = (await readdir(generatedDir)).filter((name) => name !== "README.md").sort();
    expect(present, "generated/ holds files the spec does not produce").toEqual([...files.keys()].sort());
  });

  it("changes when a field of the spec changes", async () => {
    const base = await mkdtemp(join(tmpdir(), "atlas-spec-copy-"));
    try {
      await cp(join(projectRoot, "spec"), join(base, "spec"), { recursive: true });
      const schema = join(base, "spec", "components", "schemas", "Team.yaml");
      const original = await readFile(schema, "utf8");
      expect(original).toContain("usernames:");
      await writeFile(schema, original.replace("usernames:", "memberEmails:"));
      const files = await renderGenerated(base);
      expect(files.get("atlas.ts")).toContain("memberEmails");
      expect(files.get("atlas.ts")).not.toEqual(await readFile(join(generatedDir, "atlas.ts"), "utf8"));
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
