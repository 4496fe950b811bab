/**
 * A failure on this machine, not at the API: a port already in use, a configuration file
 * that cannot be read.
 *
 * @module
 */

/** A local failure; the CLI prints its `code` and exits with code 4. Never quotes a credential. */
export class CliLocalError extends Error {
  override readonly name = "CliLocalError";

  /**
   * @param code - what failed, for scripts (`PORT_IN_USE`, `PROFILE_UNREADABLE`).
   * @param message - what failed and what to do about it.
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
