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
  /** The environment credentials, the Ops Manager URL and the Atlas CLI's configuration folder are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop; `atlas-admin mock` serves until then. */
  readonly untilStopped: () => Promise<void>;
  /**
   * Asks a yes/no question on the terminal; absent when there is no terminal to ask on
   * (input or error output redirected), so a delete needs `--force` there.
   */
  readonly confirm?: ((question: string) => Promise<boolean>) | undefined;
}
