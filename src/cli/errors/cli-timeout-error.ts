/**
 * A call of the CLI that did not finish within `--timeout`.
 *
 * @module
 */

/** No complete answer (status, headers and body, all attempts) came in time; the CLI exits with code 3. */
export class CliTimeoutError extends Error {
  override readonly name = "CliTimeoutError";

  /**
   * @param what - the call, e.g. `GET https://cloud.mongodb.com/api/atlas/v2/orgs`.
   * @param seconds - the deadline that passed.
   * @param mayHaveActed - whether the server may have carried out the call (anything but a GET).
   */
  constructor(what: string, seconds: number, mayHaveActed: boolean) {
    super(
      `${what}: no complete answer within ${seconds} s (the whole exchange, retries included; raise it with --timeout)` +
        (mayHaveActed ? "; the server may have carried it out, check before sending it again" : ""),
    );
  }
}
