import { parseArgs } from "node:util";
import { bundleSpec, projectRoot } from "../bundle-spec.js";
import { DriftInputError } from "./drift-input-error.js";
import { findDrift } from "./find-drift.js";
import { formatDriftReport } from "./format-drift-report.js";
import { loadOfficialSpec, type FetchText } from "./load-official-spec.js";

/** What a run printed and how it ended. */
export interface DriftRun {
  /** 0: no unaccepted drift; 1: drift; 2: the input could not be read. */
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where the run reads spec/ from (tests point it at a fixture) and how it downloads. */
export interface DriftRunOptions {
  readonly fetch?: FetchText;
}

const USAGE = `usage: npm run spec:drift -- [--json] [--ours <root.yaml>] <official spec: .yaml or .json file, or https URL>`;

/**
 * `npm run spec:drift`: compares spec/'s Atlas v2 operations with the official OpenAPI document
 * given as a file or https URL. Never throws: every failure is exit code 2 with a message.
 */
export async function runSpecDrift(args: readonly string[], options: DriftRunOptions = {}): Promise<DriftRun> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: "boolean", default: false }, ours: { type: "string" }, help: { type: "boolean", default: false } },
    });
    if (values.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: "" };
    const [source, ...extra] = positionals;
    if (source === undefined || extra.length > 0) throw new DriftInputError(source === undefined ? "give the official spec to compare with" : `one official spec only (also got ${extra.join(" ")})`);
    const [ours, official] = await Promise.all([readOurs(values.ours ?? "spec/atlas.yaml"), loadOfficialSpec(source, options.fetch)]);
    const { report, unusedAcceptances } = findDrift(ours, official);
    const drift = report.findings.some((f) => f.accepted === undefined);
    const stderr = unusedAcceptances.map((entry) => `warning: x-drift-accepted entry matches no finding (remove it): ${entry}\n`).join("");
    return {
      exitCode: drift ? 1 : 0,
      stdout: values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDriftReport(report),
      stderr,
    };
  } catch (error) {
    const message = error instanceof DriftInputError || isArgsError(error) ? (error as Error).message : `unexpected failure: ${error instanceof Error ? error.message : String(error)}`;
    return { exitCode: 2, stdout: "", stderr: `spec:drift: ${message}\n${USAGE}\n` };
  }
}

async function readOurs(root: string): Promise<Record<string, unknown>> {
  try {
    return await bundleSpec(root, projectRoot);
  } catch (error) {
    const { stderr = "" } = error as { stderr?: string };
    const why = stderr.split("\n").find((line) => line.trim() !== "") ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
    throw new DriftInputError(`${root}: cannot bundle it (${why})`);
  }
}

// parseArgs refuses an unknown option or a missing value with a TypeError coded ERR_PARSE_ARGS_….
function isArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}
