/**
 * Runs one `atlas-admin` command line and turns how it ended into an exit code.
 *
 * @module
 */
import { CommanderError } from "commander";
import { buildProgram, COMMAND_NAMES } from "./build-program.js";
import type { ApiChoice } from "./api-choice.js";
import type { CliIo } from "../output/cli-io.js";
import { EXIT_CODES, reportError, writeReport } from "../errors/report-error.js";
import { readProfile } from "../credentials/read-profile.js";
import { secretMasker } from "../credentials/secret-masker.js";
import { isJsonOutput, prescanArgs } from "./prescan-args.js";

/**
 * Commander's ways of ending that may be successes. `commander.help` is both `help` (exit
 * 0) and the help shown when no command is given (exit 1), so its own exit code decides.
 */
const COMMANDER_SUCCESS = new Set(["commander.help", "commander.helpDisplayed", "commander.version"]);

/**
 * Runs `args` (the arguments after the program name) and resolves to the exit code: 0 on
 * success, 1 for an API error, 2 for a command line refused before sending, 3 when no
 * complete answer came, 4 for a failure on this machine.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const prescanned = prescanArgs(args);
  let json = isJsonOutput(prescanned, io.env);
  let maskSecrets = secretMasker(args, io.env, COMMAND_NAMES);
  const stderr = (text: string): void => io.stderr(maskSecrets(text));
  let api: ApiChoice | undefined;
  try {
    // Flags win over the environment, the environment over the profile.
    const env = { ...readProfile(prescanned.profile, io.env), ...definedOnly(io.env) };
    json = isJsonOutput(prescanned, env);
    maskSecrets = secretMasker(args, env, COMMAND_NAMES);
    const writeCommanderError = (text: string): void => {
      if (!json) return stderr(text);
      writeReport({ errorCode: "USAGE", detail: text.replace(/^error: /, "").trim(), exitCode: EXIT_CODES.usage }, { stderr }, true);
    };
    const program = buildProgram({ ...io, env, json }, writeCommanderError);
    program.hook("preAction", (_program, action) => {
      api = action.optsWithGlobals<{ api: ApiChoice }>().api;
    });
    await program.parseAsync([...args], { from: "user" });
    return EXIT_CODES.ok;
  } catch (error) {
    // Commander has already printed its own message.
    if (error instanceof CommanderError) return COMMANDER_SUCCESS.has(error.code) && error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    // Our own messages never quote a credential; masking is the net under that rule.
    return reportError(error, { stderr }, { json, ...(api === undefined ? {} : { api }) });
  }
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
}
