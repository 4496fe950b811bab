/**
 * What every API command's action works with: the chosen API, the operation that carries
 * out the command there, a client with the resolved credentials, and output as JSON or a
 * table. The operation is resolved before the credentials, so a command the API lacks is
 * reported as such whatever the credentials.
 *
 * @module
 */
import type { Command } from "commander";
import type { ApiChoice } from "./api-choice.js";
import type { CliIo } from "../output/cli-io.js";
import { createCliClient, type CliClient } from "./create-cli-client.js";
import { renderTable, type TableColumn } from "../output/render-table.js";
import { resolveBaseUrl } from "../credentials/resolve-base-url.js";
import { resolveCredentials, type CredentialFlags } from "../credentials/resolve-credentials.js";
import { resolveOperation, type CommandRoute, type ResolvedOperation } from "./resolve-operation.js";

/** The program-wide options, as commander parsed them. */
export interface GlobalOptions extends CredentialFlags {
  readonly api: ApiChoice;
  readonly baseUrl?: string | undefined;
  readonly json?: boolean | undefined;
}

/** The context of one API command's run. */
export interface ApiCommandContext {
  readonly api: ApiChoice;
  /** Whether `--json` was given. */
  readonly json: boolean;
  /** The first of `routes` the chosen API has; a `CliUsageError` otherwise. */
  operation<R extends CommandRoute>(routes: readonly R[]): ResolvedOperation<R>;
  /** A client for the chosen API; a `CliUsageError` when credentials or the base URL are missing. */
  client(): CliClient;
  /**
   * Writes `data` as indented JSON with `--json` (`null` for an empty answer, so the output
   * always parses), else a table of `rows` (by default `data`: a list, or one record).
   */
  print(data: unknown, columns: readonly TableColumn[], rows?: unknown): void;
  /** Writes a line for people; left out with `--json`, whose output is the API's data only. */
  say(line: string): void;
  /** For an answer not worth a table: `data` as JSON with `--json` (`null` when empty), else `line`. */
  report(data: unknown, line: string): void;
  /**
   * For a delete, whose answer is empty: `{ "deleted": true, "id": id }` with `--json`, so a
   * script can parse it, else `line`.
   */
  deleted(id: string, line: string): void;
}

/** The context for `command`, whose program holds the {@link GlobalOptions}. */
export function apiCommandContext(command: Command, io: CliIo): ApiCommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const json = options.json === true;
  const writeJson = (data: unknown): void => io.stdout(`${JSON.stringify(data ?? null, null, 2)}\n`);
  const report = (data: unknown, line: string): void => (json ? writeJson(data) : io.stdout(`${line}\n`));
  return {
    api: options.api,
    json,
    operation: (routes) => resolveOperation(options.api, commandPath(command), routes),
    client: () =>
      createCliClient({
        api: options.api,
        baseUrl: resolveBaseUrl(options.baseUrl, io.env, options.api),
        credentials: resolveCredentials(options, io.env, options.api),
      }),
    print(data, columns, rows = data) {
      if (json) writeJson(data);
      else io.stdout(renderTable(Array.isArray(rows) ? rows : [rows], columns));
    },
    say(line) {
      if (!json) io.stdout(`${line}\n`);
    },
    report,
    deleted: (id, line) => report({ deleted: true, id }, line),
  };
}

/** `teams rename`, `service-accounts secrets create`: the command as typed, without the program. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}
