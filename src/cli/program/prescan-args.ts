/**
 * What must be known before commander parses the command line: the profile to read (its
 * secrets are masked in commander's own messages) and whether errors are JSON (commander's
 * included). Commander parses the same options again, and checks their values.
 *
 * @module
 */

/** The environment variable (and profile property `output`) the Atlas CLI reads for the output format. */
export const OUTPUT_ENV = "MONGODB_ATLAS_OUTPUT";

/** The values `-o/--output` takes. */
export const OUTPUT_FORMATS = ["json", "plaintext"] as const;

/** The options read ahead of parsing. */
export interface PrescannedArgs {
  /** `-P/--profile`. */
  readonly profile?: string;
  /** `json` for `--json`, else `-o/--output`'s value. */
  readonly output?: string;
}

/** Reads `-P NAME`, `-PNAME`, `--profile NAME`, `--profile=NAME`, `--json`, `-o json`, `-ojson`, `--output json`, `--output=json`. */
export function prescanArgs(args: readonly string[]): PrescannedArgs {
  let profile: string | undefined;
  let output: string | undefined;
  let json = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? "";
    if (arg === "--") break;
    if (arg === "--json") json = true;
    const value = optionValue(arg, args[index + 1], ["-P", "--profile"]);
    if (value !== undefined) profile = value;
    output = optionValue(arg, args[index + 1], ["-o", "--output"]) ?? output;
  }
  return { ...(profile === undefined ? {} : { profile }), ...(json ? { output: "json" } : output === undefined ? {} : { output }) };
}

/** Whether the output is JSON: the command line's choice, else `MONGODB_ATLAS_OUTPUT` (or the profile's `output`). */
export function isJsonOutput(prescanned: PrescannedArgs, env: Readonly<Record<string, string | undefined>>): boolean {
  return (prescanned.output ?? env[OUTPUT_ENV]) === "json";
}

function optionValue(arg: string, next: string | undefined, [short, long]: readonly [string, string]): string | undefined {
  if (arg === short || arg === long) return next;
  if (arg.startsWith(`${long}=`)) return arg.slice(long.length + 1);
  if (arg.startsWith(short) && !arg.startsWith("--") && arg.length > short.length) return arg.slice(short.length);
  return undefined;
}
