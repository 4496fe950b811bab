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
  const killOnExit = (): void => void child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const ready = await Promise.race([waitForPort(launch.port).then(() => true), exited.then(() => false)]);
  if (!ready) {
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
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
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
