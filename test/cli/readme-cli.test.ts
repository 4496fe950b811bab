/**
 * The README's CLI section holds: its session runs as written (each command spawned through
 * `npx`, the mock served by its own first line, only the port changed to a free one), and its
 * support matrix says which `--api` has each command, as the CLI itself decides.
 */
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { API_CHOICES } from "../../src/cli/program/api-choice.js";
import { NO_CONFIG_HOME, runInProcess } from "./cli-harness.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function cliSection(): Promise<string> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("## The CLI (`atlas-admin`)");
  expect(start).toBeGreaterThan(0);
  return readme.slice(start, readme.indexOf("\n## ", start + 1));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What every command of the session runs with: no profile, and a registry that cannot answer, so `npx` must resolve locally. */
const SHELL_ENV = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", XDG_CONFIG_HOME: NO_CONFIG_HOME, npm_config_registry: "http://127.0.0.1:9/", npm_config_update_notifier: "false" };

describe("README: the CLI session", () => {
  it("runs as written, from serving the mock to deleting the team", async () => {
    const section = await cliSection();
    const block = /A whole session[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    const port = String(await freePort());
    const [mockLine = "", ...rest] = block.replaceAll("8080", port).trimEnd().split("\n");
    expect(mockLine).toMatch(/^npx atlas-admin mock --port \d+ &/);

    // Its own process group: npx runs the CLI as a child that a signal to npx alone would leave running.
    const mock = spawn("sh", ["-c", `exec ${mockLine.slice(0, mockLine.indexOf("&"))}`], { cwd: ROOT, env: SHELL_ENV, detached: true });
    try {
      await new Promise<void>((resolve, reject) => {
        let printed = "";
        mock.stdout.on("data", (chunk: Buffer) => {
          printed += chunk.toString();
          if (printed.includes(`listening on http://127.0.0.1:${port}`)) resolve();
        });
        mock.on("exit", (code) => reject(new Error(`the mock exited with ${code}: ${printed}`)));
      });
      const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
        execFile("sh", ["-e", "-c", rest.join("\n")], { cwd: ROOT, env: SHELL_ENV }, (error, out, err) => (error ? reject(new Error(`${error.message}\n${out}\n${err}`)) : resolve({ stdout: out, stderr: err })));
      });
      expect(stderr).toBe("");
      expect(stdout).toContain("650000000000000000000001");
      expect(stdout).toMatch(/650000000000000000000012\s+bob@example\.com/);
      const teamId = /Added user 650000000000000000000012 \(team ([a-f0-9]{24})\)\./.exec(stdout)?.[1];
      expect(teamId).toBeDefined();
      expect(stdout).toContain(`Added user 650000000000000000000013 (team ${teamId}).`);
      expect(stdout).toMatch(/\(shown only now, store it safely\): mdb_sa_sk_\w+/);
      expect(stdout).toContain(`"name": "admins"`);
      expect(stdout.trimEnd().endsWith(`Deleted team ${teamId}.`)).toBe(true);
    } finally {
      if (mock.exitCode === null && mock.signalCode === null && mock.pid !== undefined) {
        const exited = new Promise((resolve) => mock.once("exit", resolve));
        process.kill(-mock.pid, "SIGTERM");
        await exited;
      }
    }
  }, 120_000);
});

const ORG = "650000000000000000000001";
const TEAM = "650000000000000000000099";
const USER = "650000000000000000000012";
const CLIENT = "mdb_sa_id_650000000000000000000031";

/** Arguments that reach each command's choice of operation (and stop there, for want of credentials). */
const COMMAND_ARGS: Readonly<Record<string, readonly string[]>> = {
  "orgs list": [],
  "orgs describe": [ORG],
  "orgs create": ["x"],
  "orgs rename": [ORG, "x"],
  "orgs delete": [ORG, "--force"],
  "orgs users list": ["--org-id", ORG],
  "service-accounts list": ["--org-id", ORG],
  "service-accounts describe": [CLIENT, "--org-id", ORG],
  "service-accounts create": ["x", "--org-id", ORG, "--description", "d", "--role", "ORG_MEMBER", "--secret-expires-after-hours", "1"],
  "service-accounts delete": [CLIENT, "--org-id", ORG, "--force"],
  "service-accounts secrets create": [CLIENT, "--org-id", ORG, "--secret-expires-after-hours", "1"],
  "teams list": ["--org-id", ORG],
  "teams describe": [TEAM, "--org-id", ORG],
  "teams create": ["x", "--org-id", ORG],
  "teams rename": [TEAM, "x", "--org-id", ORG],
  "teams delete": [TEAM, "--org-id", ORG, "--force"],
  "teams add-user": [TEAM, USER, "--org-id", ORG],
  "teams remove-user": [TEAM, USER, "--org-id", ORG],
  "teams users list": [TEAM, "--org-id", ORG],
};

/** `service-accounts list\|describe` → `service-accounts list`, `service-accounts describe`. */
function expand(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].flatMap(([, span = ""]) => {
    const [first = "", ...others] = span.split("\\|");
    const stem = first.slice(0, first.lastIndexOf(" ") + 1);
    return [first, ...others.map((other) => stem + other)];
  });
}

describe("README: the CLI support matrix", () => {
  it("names every command once and says which --api has it, as the CLI decides", async () => {
    const rows = (await cliSection()).split("\n").filter((line) => /^\| `(orgs|teams|service-accounts)/.test(line));
    const matrix = rows.flatMap((row) => {
      const [commands = "", ...cells] = row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
      return expand(commands).map((command) => ({ command, available: cells }));
    });
    expect(matrix.map((row) => row.command).sort()).toEqual(Object.keys(COMMAND_ARGS).sort());
    for (const { command, available } of matrix) {
      for (const [index, api] of API_CHOICES.entries()) {
        const result = await runInProcess(["--api", api, ...command.split(" "), ...(COMMAND_ARGS[command] ?? [])], {});
        expect({ command, api, available: !result.stderr.includes("is not available with") }).toEqual({ command, api, available: available[index] === "yes" });
      }
    }
  });
});
