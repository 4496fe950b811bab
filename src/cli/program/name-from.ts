/**
 * A name given either as an argument (`teams create dbas`) or as `--name dbas`: both
 * forms work on every create command.
 *
 * @module
 */
import { CliUsageError } from "../errors/cli-usage-error.js";

/**
 * The name given one way or the other.
 *
 * @throws {@link CliUsageError} when neither is given, or both differ.
 */
export function nameFrom(positional: string | undefined, option: string | undefined): string {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new CliUsageError(`give the name once: as an argument ("${positional}") or as --name ("${option}"), not both`);
  }
  const name = positional ?? option;
  if (name === undefined) throw new CliUsageError("the name is required: give it as an argument or as --name");
  return name;
}
