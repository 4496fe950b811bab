/**
 * A command line the CLI refuses before sending anything: missing credentials, an option
 * the chosen API does not take, an operation the chosen API does not have.
 *
 * @module
 */

/** A usage mistake found before any request; the CLI exits with code 2. Never quotes a credential. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}
