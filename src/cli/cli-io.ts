/**
 * What the CLI touches outside itself, passed in so tests can run commands in-process with
 * captured output, their own environment and a counting transport.
 *
 * @module
 */
import type { FetchLike } from "../index.js";

/** The CLI's window on the world: output streams, environment, transport and shutdown. */
export interface CliIo {
  /** Writes to standard output; the text carries its own line ends. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error; the text carries its own line ends. */
  readonly stderr: (text: string) => void;
  /** The environment credentials and the Ops Manager URL are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The transport under the API clients; `globalThis.fetch` when absent. */
  readonly fetch?: FetchLike;
  /** Resolves when the process is asked to stop; `atlas-admin mock` serves until then. */
  readonly untilStopped: () => Promise<void>;
}
