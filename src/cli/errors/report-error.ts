/**
 * How a failed command ends: one line on standard error (`error: CODE — reason`, or with
 * JSON output one JSON object) and an exit code that tells the kind of failure apart.
 * Only fields that never hold credentials are printed.
 *
 * @module
 */
import { AtlasConnectionError, AtlasValidationError, TokenRequestError, isAtlasApiError } from "../../index.js";
import type { ApiChoice } from "../program/api-choice.js";
import type { CliIo } from "../output/cli-io.js";
import { CliLocalError } from "./cli-local-error.js";
import { CliTimeoutError } from "./cli-timeout-error.js";
import { CliUsageError } from "./cli-usage-error.js";

/** The CLI's exit codes. */
export const EXIT_CODES = {
  /** The command did what it was asked. */
  ok: 0,
  /** The API answered with an error (or refused the service account's token request). */
  api: 1,
  /** The command line was refused before any change was asked for. */
  usage: 2,
  /** No complete answer came: connection refused or reset, timeout. */
  connection: 3,
  /** A failure on this machine: port in use, unreadable configuration, an unexpected error. */
  local: 4,
} as const;

/** What a failure is, for people and for scripts. */
export interface ErrorReport {
  /** The API's `errorCode`, or the CLI's own (`USAGE`, `TIMEOUT`, `PORT_IN_USE`, …). */
  readonly errorCode: string;
  readonly detail: string;
  readonly exitCode: number;
  /** The HTTP status, when the API answered. */
  readonly status?: number;
}

/** How {@link reportError} writes. */
export interface ReportOptions {
  /** One JSON object (`{ errorCode, detail, exitCode, status? }`) instead of a line. */
  readonly json?: boolean;
  /** The API called, for messages that differ per API. */
  readonly api?: ApiChoice;
}

/** Writes the report of `error` to standard error and returns the exit code. */
export function reportError(error: unknown, io: Pick<CliIo, "stderr">, options: ReportOptions = {}): number {
  const report = describeError(error, options.api);
  writeReport(report, io, options.json === true);
  return report.exitCode;
}

/** Writes `report` as a line (`error: CODE — detail`) or, with `json`, as one JSON object. */
export function writeReport(report: ErrorReport, io: Pick<CliIo, "stderr">, json: boolean): void {
  io.stderr(json ? `${JSON.stringify(report)}\n` : `error: ${report.errorCode} — ${report.detail}\n`);
}

/** The code, one-line detail and exit code of `error`. */
export function describeError(error: unknown, api?: ApiChoice): ErrorReport {
  const { errorCode, detail, exitCode, status } = classify(error, api);
  return { errorCode, detail: oneLine(detail), exitCode, ...(status === undefined ? {} : { status }) };
}

function classify(error: unknown, api: ApiChoice | undefined): { errorCode: string; detail: string; exitCode: number; status?: number } {
  if (error instanceof CliUsageError) return { errorCode: "USAGE", detail: error.message, exitCode: EXIT_CODES.usage };
  if (error instanceof CliLocalError) return { errorCode: error.code, detail: error.message, exitCode: EXIT_CODES.local };
  if (error instanceof CliTimeoutError) return { errorCode: "TIMEOUT", detail: error.message, exitCode: EXIT_CODES.connection };
  if (error instanceof AtlasValidationError) return { errorCode: "INVALID_INPUT", detail: error.message, exitCode: EXIT_CODES.usage };
  if (isAtlasApiError(error)) {
    const detail = explanation(error.errorCode, api) ?? error.detail ?? error.reason ?? `HTTP ${error.status}`;
    return { errorCode: error.errorCode, detail, exitCode: EXIT_CODES.api, status: error.status };
  }
  if (error instanceof AtlasConnectionError) return { errorCode: "NO_RESPONSE", detail: error.message, exitCode: EXIT_CODES.connection };
  if (error instanceof TokenRequestError) {
    const exitCode = error.status === 0 ? EXIT_CODES.connection : EXIT_CODES.api;
    return { errorCode: error.errorCode ?? "TOKEN_REQUEST_FAILED", detail: error.message, exitCode, ...(error.status === 0 ? {} : { status: error.status }) };
  }
  return { errorCode: "UNEXPECTED", detail: error instanceof Error ? error.message : String(error), exitCode: EXIT_CODES.local };
}

/**
 * The CLI's own words for answers whose meaning depends on the API: a server's text may
 * give advice that is wrong for the API called.
 */
function explanation(errorCode: string, api: ApiChoice | undefined): string | undefined {
  if (errorCode !== "API_KEY_CANNOT_CREATE_ORG") return undefined;
  if (api === "ops-manager") {
    return "this API key may not create organizations: on Ops Manager only an API key with the Global Owner role can (https://www.mongodb.com/docs/ops-manager/current/reference/api/organizations/organization-create-one/)";
  }
  if (api === "cloud-manager") {
    return "Cloud Manager does not let API keys create organizations: call with a user's credentials (--public-key <username> --private-key <password>)";
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
