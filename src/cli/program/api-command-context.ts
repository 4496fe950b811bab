/**
 * What every API command's action works with: the chosen API, the operation that carries
 * out the command there, a client with the resolved credentials, the default organization,
 * confirmation before deleting, and output as JSON or a table. The operation is resolved
 * before the credentials, so a command the API lacks is reported as such whatever the
 * credentials.
 *
 * @module
 */
import type { Command } from "commander";
import { operations } from "../../index.js";
import type { ApiChoice } from "./api-choice.js";
import type { CliIo } from "../output/cli-io.js";
import { createCliClient, type CliClient, type ListResult } from "./create-cli-client.js";
import { renderTable, type TableColumn } from "../output/render-table.js";
import { resolveBaseUrl } from "../credentials/resolve-base-url.js";
import { resolveCredentials, type CliCredentials, type CredentialFlags } from "../credentials/resolve-credentials.js";
import { resolveOperation, type CommandRoute, type ResolvedOperation } from "./resolve-operation.js";
import { CliUsageError } from "../errors/cli-usage-error.js";

/** The environment variable (and profile property `org_id`) the Atlas CLI reads for the default organization. */
export const ORG_ID_ENV = "MONGODB_ATLAS_ORG_ID";

/** The CLI's I/O for one run, the environment already holding the profile's values beneath it, and the output format. */
export interface CliSession extends CliIo {
  /** JSON output (`--json`, `-o json`, `MONGODB_ATLAS_OUTPUT=json` or the profile's `output`). */
  readonly json: boolean;
}

/** The program-wide options, as commander parsed them. */
export interface GlobalOptions extends CredentialFlags {
  readonly api: ApiChoice;
  readonly baseUrl?: string | undefined;
  /** `--timeout` in seconds. */
  readonly timeout: number;
  readonly retries: number;
}

/** The context of one API command's run. */
export interface ApiCommandContext {
  readonly api: ApiChoice;
  /** Whether the output is JSON. */
  readonly json: boolean;
  /** The first of `routes` the chosen API has; a `CliUsageError` otherwise. */
  operation<R extends CommandRoute>(routes: readonly R[]): ResolvedOperation<R>;
  /** `--org-id` when given, else `MONGODB_ATLAS_ORG_ID` (or the profile's `org_id`); a `CliUsageError` when neither is. */
  orgId(flag: string | undefined): string;
  /** The credentials in use; a `CliUsageError` when missing. */
  credentials(): CliCredentials;
  /** The client for the chosen API (one per run); a `CliUsageError` when credentials or the base URL are missing. */
  client(): CliClient;
  /**
   * Writes `data` as indented JSON (`null` for an empty answer, so the output always
   * parses), else a table of `rows` (by default `data`: a list, or one record).
   */
  print(data: unknown, columns: readonly TableColumn[], rows?: unknown): void;
  /** A list: `{ results, totalCount }` as JSON, else a table of `rows` (by default the results). */
  printList(list: ListResult, columns: readonly TableColumn[], rows?: readonly unknown[]): void;
  /** Writes a line for people; left out with JSON output, which holds the data only. */
  say(line: string): void;
  /** For an answer not worth a table: `data` as JSON (`null` when empty), else `line`. */
  report(data: unknown, line: string): void;
  /** For a delete, whose answer is empty: `{ "deleted": true, "id": id }` as JSON, so a script can parse it, else `line`. */
  deleted(id: string, line: string): void;
  /**
   * Whether to go on deleting `what` (whose id is `id`): yes with `--force`; on a terminal,
   * the user's answer (a "no" is reported: `{ "deleted": false, "id": id }` as JSON);
   * elsewhere a `CliUsageError`, since nobody can be asked.
   */
  confirmDelete(what: string, id: string, force: boolean | undefined): Promise<boolean>;
}

const ORG_ID_PATTERN = operations.map((operation) => operation.pathParams.orgId?.pattern).find((found) => found !== undefined) ?? "^[a-f0-9]{24}$";

/** The context for `command`, whose program holds the {@link GlobalOptions}. */
export function apiCommandContext(command: Command, session: CliSession): ApiCommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const { json } = session;
  const writeJson = (data: unknown): void => session.stdout(`${JSON.stringify(data ?? null, null, 2)}\n`);
  const report = (data: unknown, line: string): void => (json ? writeJson(data) : session.stdout(`${line}\n`));
  const say = (line: string): void => {
    if (!json) session.stdout(`${line}\n`);
  };
  let credentials: CliCredentials | undefined;
  let client: CliClient | undefined;
  const credentialsInUse = (): CliCredentials => (credentials ??= resolveCredentials(options, session.env, options.api));
  return {
    api: options.api,
    json,
    operation: (routes) => resolveOperation(options.api, commandPath(command), routes),
    orgId(flag) {
      if (flag !== undefined) return flag;
      const fromEnv = session.env[ORG_ID_ENV];
      if (fromEnv === undefined || fromEnv === "") throw new CliUsageError(`--org-id is required (or set ${ORG_ID_ENV}, or org_id in the profile)`);
      if (!new RegExp(ORG_ID_PATTERN, "u").test(fromEnv)) throw new CliUsageError(`${ORG_ID_ENV} (or org_id in the profile) must match ${ORG_ID_PATTERN}`);
      return fromEnv;
    },
    credentials: credentialsInUse,
    client: () =>
      (client ??= createCliClient({
        api: options.api,
        baseUrl: resolveBaseUrl(options.baseUrl, session.env, options.api),
        credentials: credentialsInUse(),
        timeoutMs: options.timeout * 1000,
        retries: options.retries,
        notice: session.stderr,
      })),
    print(data, columns, rows = data) {
      if (json) writeJson(data);
      else session.stdout(renderTable(Array.isArray(rows) ? rows : [rows], columns));
    },
    printList(list, columns, rows = list.results) {
      if (json) writeJson({ results: list.results, totalCount: list.totalCount });
      else session.stdout(renderTable(rows, columns));
    },
    say,
    report,
    deleted: (id, line) => report({ deleted: true, id }, line),
    async confirmDelete(what, id, force) {
      if (force === true) return true;
      if (!session.confirm) throw new CliUsageError(`nothing can ask before deleting ${what} (no terminal): add --force to delete without asking`);
      if (await session.confirm(`Delete ${what}?`)) return true;
      report({ deleted: false, id }, "Nothing was deleted.");
      return false;
    },
  };
}

/** `teams rename`, `service-accounts secrets create`: the command as typed, without the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}
