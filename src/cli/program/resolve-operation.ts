/**
 * Which operation of the chosen API carries out a CLI command, read from the generated
 * operations table, so a command the API lacks is refused before anything is sent.
 *
 * @module
 */
import { operations, type OperationInfo } from "../../index.js";
import { API_CHOICES, apiFacts, type ApiChoice } from "./api-choice.js";
import { CliUsageError } from "../errors/cli-usage-error.js";

/** One way to carry out a command: an operation's method and its path after the API prefix. */
export interface CommandRoute {
  readonly method: OperationInfo["method"];
  /** E.g. `/orgs/{orgId}/teams/{teamId}:addUser`. */
  readonly path: string;
}

/** The operation found and the route it was found by. */
export interface ResolvedOperation<R extends CommandRoute> {
  readonly operation: OperationInfo;
  readonly route: R;
}

/**
 * The first of `routes` (in order of preference) that `api` has.
 *
 * @param command - the command as typed (`teams rename`), for the message.
 * @throws {@link CliUsageError} naming the APIs that do have the command.
 */
export function resolveOperation<R extends CommandRoute>(api: ApiChoice, command: string, routes: readonly R[]): ResolvedOperation<R> {
  const found = findFirst(api, routes);
  if (found) return found;
  const elsewhere = API_CHOICES.filter((other) => findFirst(other, routes) !== undefined);
  const hint = elsewhere.length > 0 ? `; it is available with ${elsewhere.map((other) => `--api ${other}`).join(" or ")}` : "";
  throw new CliUsageError(`${command} is not available with --api ${api}: ${apiFacts(api).title} has no such operation${hint}`);
}

function findFirst<R extends CommandRoute>(api: ApiChoice, routes: readonly R[]): ResolvedOperation<R> | undefined {
  const { surface, prefix } = apiFacts(api);
  for (const route of routes) {
    const operation = operations.find((candidate) => candidate.surface === surface && candidate.method === route.method && candidate.path === prefix + route.path);
    if (operation) return { operation, route };
  }
  return undefined;
}
