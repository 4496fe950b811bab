/**
 * Runs one `atlas-admin` command line and turns how it ended into an exit code.
 *
 * @module
 */
import { CommanderError } from "commander";
import { buildProgram } from "./build-program.js";
import type { CliIo } from "../output/cli-io.js";
import { EXIT_CODES, reportError } from "../errors/report-error.js";
import { secretMasker } from "../credentials/secret-masker.js";

/**
 * Commander's ways of ending that may be successes. `commander.help` is both `help` (exit
 * 0) and the help shown when no command is given (exit 1), so its own exit code decides.
 */
const COMMANDER_SUCCESS = new Set(["commander.help", "commander.helpDisplayed", "commander.version"]);

/**
 * Runs `args` (the arguments after the program name) and resolves to the exit code: 0 on
 * success, 1 for an API error, 2 for a command line refused before sending, 3 when no
 * answer came.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const maskSecrets = secretMasker(args, io.env);
  try {
    await buildProgram(io, maskSecrets).parseAsync([...args], { from: "user" });
    return EXIT_CODES.ok;
  } catch (error) {
    // Commander has already printed its own message.
    if (error instanceof CommanderError) return COMMANDER_SUCCESS.has(error.code) && error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    // Our own messages never quote a credential; masking is the net under that rule.
    return reportError(error, { stderr: (text) => io.stderr(maskSecrets(text)) });
  }
}
