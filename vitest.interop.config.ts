import { defineConfig } from "vitest/config";

// The interop suite drives peers nobody here wrote (Apache httpd, lighttpd, curl, Python
// requests) and the mock over real HTTP: one file at a time, with room for servers to start
// and stop. With `CI` set, a missing peer fails the run (support/global-setup.ts). `npm run test:interop`.
export default defineConfig({
  test: {
    include: ["test/interop/**/*.test.ts"],
    globalSetup: ["test/interop/support/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".tmp/vitest-interop.json" },
  },
});
