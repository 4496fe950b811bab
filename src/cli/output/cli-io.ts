/**
 * What the CLI touches outside itself, passed in so tests can run commands in-process with
 * captured output and their own environment.
 *
 * @module
 */

/** The CLI's window on the world: output streams, environment and shutdown. */
export interface CliIo {
  /** Writes to standard output; the text carries its own line ends. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error; the text carries its own line ends. */
  readonly stderr: (text: string) => void;
  /** The environment credentials and the Ops Manager URL are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop; `atlas-admin mock` serves until then. */
  readonly untilStopped: () => Promise<void>;
}
