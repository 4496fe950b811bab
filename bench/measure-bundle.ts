/**
 * The size a user's bundler would ship for one entry: esbuild bundles it with its
 * dependencies (platform node, ESM, minified, tree-shaken), then gzip -9. Deterministic,
 * so a test can hold a budget on it.
 *
 * @module
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** The sizes of one bundle, in bytes, and the inputs that weigh most. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  /** Every input file and its minified bytes in the output, heaviest first. */
  readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
}

/**
 * Bundles `entry` in memory.
 *
 * @param entry - a path relative to the working directory, e.g. `src/index.ts`.
 * @param external - packages left out of the bundle (e.g. `["msw"]`); their subpaths too.
 */
export async function measureBundle(entry: string, external: readonly string[] = []): Promise<BundleSize> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    minify: true,
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    external: external.flatMap((name) => [name, `${name}/*`]),
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, inputs };
}

/**
 * The goal for the main entry, minified and gzipped: 10 kB. Not met: openapi-fetch
 * (≈2.2 kB of the gzipped entry) and the operations table (≈1.7 kB, request body schemas
 * included) leave ≈6 kB for both auth strategies, rate-limit pacing, retries, body reading,
 * checks, versions, envelopes and masking, which take ≈14 kB. The benchmark reports the miss
 * against this number.
 */
export const MAIN_ENTRY_GOAL_BYTES = 10_000;

/**
 * The ceiling the size test holds the main entry to, so it cannot grow unnoticed. It was
 * 15 kB (14.87 kB measured) before rate-limit pacing, body reading in the fetch stack, typed
 * errors with `mayHaveActed`, masking by value and the digest nonce pool; with them the
 * entry measures ≈18.5 kB (pacing ≈2 kB of it, gzipped shares of the whole), and trimming
 * the operations table and shared code won back under 0.2 kB. Those features are required,
 * so the ceiling moved to 18.75 kB by decision, and the 15 kB figure stays reported as a
 * missed goal. Growing past this one needs another decision, not a drift.
 */
export const MAIN_ENTRY_BUDGET_BYTES = 18_750;
