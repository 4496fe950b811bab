import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { connect } from "node:net";

/** A server the suite started in the foreground: stopping it ends that process and its workers. */
export interface ServerProcess {
  /** Sends SIGTERM and waits for the process to exit (SIGKILL after a few seconds). */
  stop(): Promise<void>;
  /** Sends a signal to the server's main process (lighttpd flushes its access log on SIGHUP). */
  signal(name: NodeJS.Signals): void;
}

/** What {@link startServerProcess} needs to launch one server and know it is ready. */
export interface ServerLaunch {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly port: number;
  /** Read into the error when the server exits or never listens. */
  readonly errorLog: string;
}

/**
 * Starts a server in the foreground and resolves once its port accepts connections, so a
 * test never races the server's start-up. Fails with the server's own error log.
 */
export async function startServerProcess(launch: ServerLaunch): Promise<ServerProcess> {
  // Its own process group: Apache's prefork signals its whole group on shutdown, which
  // would otherwise include the test runner.
  const child = spawn(launch.command, [...launch.args], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  const killOnExit = (): void => killGroup(child);
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  const ready = await waitForPort(launch.port, alive);
  if (!ready) {
    await stopChild(child, exited);
    process.off("exit", killOnExit);
    const log = await readFile(launch.errorLog, "utf8").catch(() => "");
    throw new Error(`${launch.name} did not start: ${stderr}${log}`.trim());
  }
  return {
    signal: (name) => void child.kill(name),
    stop: async () => {
      await stopChild(child, exited);
      process.off("exit", killOnExit);
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => killGroup(child), 5_000);
  await exited;
  clearTimeout(timer);
}

/** SIGKILL to the server and its workers: the group the detached server leads. */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** `true` once the port accepts connections; `false` when the server exits or 10 s pass first. */
async function waitForPort(port: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (alive() && Date.now() < deadline) {
    if (await accepts(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
