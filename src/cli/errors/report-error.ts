/**
 * How a failed command ends: one line on standard error (`error: CODE — reason`) and an
 * exit code that tells the kind of failure apart. Only fields that never hold credentials
 * are printed.
 *
 * @module
 */
import { AtlasConnectionError, AtlasValidationError, TokenRequestError, isAtlasApiError } from "../../index.js";
import type { CliIo } from "../output/cli-io.js";
import { CliUsageError } from "./cli-usage-error.js";

/** The CLI's exit codes. */
export const EXIT_CODES = {
  /** The command did what it was asked. */
  ok: 0,
  /** The API answered with an error (or refused the service account's token request). */
  api: 1,
  /** The command line was refused before anything was sent. */
  usage: 2,
  /** No answer came: connection refused or reset, timeout. */
  connection: 3,
} as const;

/** Writes the one-line report of `error` to standard error and returns the exit code. */
export function reportError(error: unknown, io: Pick<CliIo, "stderr">): number {
  const { code, reason, exitCode } = describe(error);
  io.stderr(`error: ${code} — ${oneLine(reason)}\n`);
  return exitCode;
}

function describe(error: unknown): { code: string; reason: string; exitCode: number } {
  if (error instanceof CliUsageError) return { code: "USAGE", reason: error.message, exitCode: EXIT_CODES.usage };
  if (error instanceof AtlasValidationError) return { code: "INVALID_INPUT", reason: error.message, exitCode: EXIT_CODES.usage };
  if (isAtlasApiError(error)) return { code: error.errorCode, reason: error.detail ?? error.reason ?? `HTTP ${error.status}`, exitCode: EXIT_CODES.api };
  if (error instanceof AtlasConnectionError) return { code: "NO_RESPONSE", reason: error.message, exitCode: EXIT_CODES.connection };
  if (error instanceof TokenRequestError) {
    const exitCode = error.status === 0 ? EXIT_CODES.connection : EXIT_CODES.api;
    return { code: error.errorCode ?? "TOKEN_REQUEST_FAILED", reason: error.message, exitCode };
  }
  return { code: "UNEXPECTED", reason: error instanceof Error ? error.message : String(error), exitCode: EXIT_CODES.api };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
