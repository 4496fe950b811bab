/**
 * The `atlas-admin` command tree (commander): program-wide options for the API, its URL,
 * the credentials and the output format, and one command group per resource.
 *
 * @module
 */
import { Command, Option } from "commander";
import { VERSION } from "../../index.js";
import { API_CHOICES } from "./api-choice.js";
import { parseBaseUrl } from "./arg-parsers.js";
import type { CliIo } from "../output/cli-io.js";
import { registerMockCommand } from "../commands/mock-command.js";
import { registerOrgsCommand } from "../commands/orgs-command.js";
import { CREDENTIAL_ENV } from "../credentials/resolve-credentials.js";
import { CLOUD_BASE_URL, OPS_MANAGER_URL_ENV } from "../credentials/resolve-base-url.js";
import { registerServiceAccountsCommand } from "../commands/service-accounts-command.js";
import { registerTeamsCommand } from "../commands/teams-command.js";

const EXAMPLES = `
Exit codes: 0 done, 1 the API answered with an error, 2 the command line was refused
(nothing was sent), 3 no answer came.

With --json, standard output is one JSON value: the API's answer, or for a delete
{ "deleted": true, "id": "<id>" }.

Examples:
  atlas-admin mock --port 8080                       # a local stand-in, prints its credentials
  atlas-admin --base-url http://127.0.0.1:8080 orgs list
  atlas-admin teams create dbas --org-id <orgId> --username ann@example.com
  atlas-admin --api ops-manager orgs create lab --ldap-group-mapping "ORG_OWNER=cn=dbas,dc=example,dc=com"
`;

/**
 * Builds the program with its output going to `io`. Commander errors are thrown (as
 * `CommanderError`) instead of exiting, so a caller decides the exit code.
 *
 * @param maskSecrets - applied to every error text commander prints, since it quotes what
 * it could not parse (`secretMasker` makes one).
 */
export function buildProgram(io: CliIo, maskSecrets: (text: string) => string): Command {
  const program = new Command("atlas-admin")
    .description("Manage organizations, service accounts and teams on MongoDB Atlas, Cloud Manager and Ops Manager.")
    .version(VERSION, "-V, --version", "print the version of atlas-admin-client")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text, write) => write(maskSecrets(text)) })
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .addOption(new Option("--api <api>", "the API to call").choices(API_CHOICES).default("atlas"))
    .option("--base-url <url>", `where the API is (default ${CLOUD_BASE_URL}; ops-manager: env ${OPS_MANAGER_URL_ENV})`, parseBaseUrl)
    .option("--public-key <key>", `API key public key, or a user's name (env ${CREDENTIAL_ENV.publicKey})`)
    .option("--private-key <key>", `API key private key, or a user's password (env ${CREDENTIAL_ENV.privateKey})`)
    .option("--client-id <id>", `service account client id, --api atlas only (env ${CREDENTIAL_ENV.clientId})`)
    .option("--client-secret <secret>", `service account secret, --api atlas only (env ${CREDENTIAL_ENV.clientSecret})`)
    .option("--json", "print the API's answer as JSON instead of a table");
  program.addHelpText("after", EXAMPLES);
  registerOrgsCommand(program, io);
  registerServiceAccountsCommand(program, io);
  registerTeamsCommand(program, io);
  registerMockCommand(program, io);
  return program;
}
