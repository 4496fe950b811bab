/**
 * The `atlas-admin` command tree (commander): program-wide options for the API, its URL,
 * the credentials or profile, the network and the output format, and one command group
 * per resource.
 *
 * @module
 */
import { Command, Option } from "commander";
import { VERSION } from "../../index.js";
import { API_CHOICES } from "./api-choice.js";
import type { CliSession } from "./api-command-context.js";
import { parseBaseUrl, parseCount, parseSeconds } from "./arg-parsers.js";
import { registerMockCommand } from "../commands/mock-command.js";
import { registerOrgsCommand } from "../commands/orgs-command.js";
import { CREDENTIAL_ENV } from "../credentials/resolve-credentials.js";
import { CLOUD_BASE_URL, OPS_MANAGER_URL_ENV } from "../credentials/resolve-base-url.js";
import { OUTPUT_ENV, OUTPUT_FORMATS } from "./prescan-args.js";
import { registerServiceAccountsCommand } from "../commands/service-accounts-command.js";
import { registerTeamsCommand } from "../commands/teams-command.js";

/** The program's command names (never secrets, whatever precedes them). */
export const COMMAND_NAMES = ["orgs", "organizations", "service-accounts", "teams", "mock", "help"] as const;

/** The default of `--timeout`, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

/** The default of `--retries`: the library's. */
export const DEFAULT_RETRIES = 3;

const EXAMPLES = `
Settings come from flags, then environment variables, then the Atlas CLI profile
(-P NAME, else "default") in $XDG_CONFIG_HOME/atlascli/config.toml (~/.config/atlascli/
on Linux, ~/Library/Application Support/atlascli/ on macOS, %AppData%\\atlascli\\ on Windows).

Exit codes: 0 done, 1 the API answered with an error, 2 the command line was refused
(nothing was changed), 3 no complete answer came (connection failed, --timeout passed),
4 a failure on this machine (port in use, unreadable profile, unexpected error).

With -o json (or --json), standard output is one JSON value: the API's answer; a list is
{ "results": [...], "totalCount": N }; a delete is { "deleted": true, "id": "<id>" }.
Errors are one JSON object on standard error: { "errorCode", "detail", "exitCode", "status" }.

Examples:
  atlas-admin mock --port 8080                       # a local stand-in, prints its credentials
  atlas-admin --base-url http://127.0.0.1:8080 orgs list
  atlas-admin teams create dbas --org-id <orgId> --username ann@example.com,bob@example.com
  atlas-admin -P work -o json orgs users list
  atlas-admin --api ops-manager orgs create lab --ldap-group-mapping "ORG_OWNER=cn=dbas,dc=example,dc=com"
`;

/**
 * Builds the program with its output going to `session`. Commander errors are thrown (as
 * `CommanderError`) instead of exiting, so a caller decides the exit code.
 *
 * @param writeError - prints commander's own error messages (which quote what it could not
 * parse): `runCli` masks secrets in them and writes JSON with JSON output.
 */
export function buildProgram(session: CliSession, writeError: (text: string) => void): Command {
  const program = new Command("atlas-admin")
    .description("Manage organizations, service accounts and teams on MongoDB Atlas, Cloud Manager and Ops Manager.")
    .version(VERSION, "-V, --version", "print the version of atlas-admin-client")
    .configureOutput({ writeOut: session.stdout, writeErr: session.stderr, outputError: (text) => writeError(text) })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError(session.json ? false : "(add --help for usage)")
    .addOption(new Option("--api <api>", "the API to call").choices(API_CHOICES).default("atlas"))
    .option("--base-url <url>", `where the API is (default ${CLOUD_BASE_URL}; ops-manager: env ${OPS_MANAGER_URL_ENV})`, parseBaseUrl)
    .option("-P, --profile <name>", "the Atlas CLI profile to read (default: \"default\", when the file has it)")
    .option("--public-key <key>", `API key public key, or a user's name (env ${CREDENTIAL_ENV.publicKey})`)
    .option("--private-key <key>", `API key private key, or a user's password (env ${CREDENTIAL_ENV.privateKey})`)
    .option("--client-id <id>", `service account client id, --api atlas only (env ${CREDENTIAL_ENV.clientId})`)
    .option("--client-secret <secret>", `service account secret, --api atlas only (env ${CREDENTIAL_ENV.clientSecret})`)
    .addOption(new Option("-o, --output <format>", `json or plaintext (env ${OUTPUT_ENV}; default plaintext)`).choices(OUTPUT_FORMATS))
    .option("--json", "the same as -o json")
    .option("--timeout <seconds>", "the longest one call may take: connecting, every retry, and reading the whole answer", parseSeconds, DEFAULT_TIMEOUT_SECONDS)
    .option("--retries <count>", "how often a call may be sent again after a transient failure (never a create whose answer was lost)", parseCount, DEFAULT_RETRIES);
  program.addHelpText("after", EXAMPLES);
  registerOrgsCommand(program, session);
  registerServiceAccountsCommand(program, session);
  registerTeamsCommand(program, session);
  registerMockCommand(program, session);
  return program;
}
