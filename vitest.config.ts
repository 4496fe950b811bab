import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The interop suite starts real servers; it has its own config (npm run test:interop).
    exclude: [...configDefaults.exclude, "test/interop/**"],
    testTimeout: 20_000,
    // In CI a JSON report too, from which .ci/run prints one "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".tmp/vitest-unit.json" },
    hookTimeout: 30_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text"],
      thresholds: { lines: 95 },
    },
  },
});
