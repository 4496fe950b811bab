/**
 * Runs `atlas-admin` in-process (through `runCli`) or as a user would (a child process),
 * capturing what it prints.
 */
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../../src/cli/output/cli-io.js";
import { runCli } from "../../src/cli/program/run-cli.js";
import type { MockServer } from "../../src/mock/index.js";

/** How a run ended. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A configuration folder that does not exist, so no Atlas CLI profile of the machine's user
 * leaks into a run; a test that wants one passes its own `XDG_CONFIG_HOME`.
 */
export const NO_CONFIG_HOME = join(tmpdir(), "atlas-admin-test-no-config");

/** Runs a command line in-process. `untilStopped` resolves at once unless given. */
export async function runInProcess(args: readonly string[], env: Record<string, string | undefined> = {}, io: Partial<CliIo> = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { XDG_CONFIG_HOME: NO_CONFIG_HOME, ...env },
    untilStopped: async () => undefined,
    ...io,
  });
  return { code, stdout, stderr };
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `node --import tsx src/cli/main.ts …args` with exactly `env` (plus PATH). */
export function runSpawned(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? "", XDG_CONFIG_HOME: NO_CONFIG_HOME, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The environment variables that make the CLI call `mock` with its seeded organization-owner API key. */
export function apiKeyEnv(mock: MockServer): Record<string, string> {
  return { MONGODB_ATLAS_PUBLIC_API_KEY: mock.credentials.apiKey.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: mock.credentials.apiKey.privateKey };
}
