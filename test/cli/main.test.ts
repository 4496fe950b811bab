/**
 * `atlas-admin` as a user runs it: a child process (`node --import tsx src/cli/main.ts`)
 * against `startMockServer`, credentials in the environment.
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { createServer, type AddressInfo, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/index.js";
import { apiKeyEnv, NO_CONFIG_HOME, runSpawned } from "./cli-harness.js";

let mock: MockServer;
let env: Record<string, string>;

beforeAll(async () => {
  mock = await startMockServer();
  env = apiKeyEnv(mock);
});
afterAll(() => mock.close());

function cli(...args: string[]) {
  return runSpawned(["--base-url", mock.url, ...args], env);
}

describe("atlas-admin (spawned)", () => {
  it("lists organizations as a table", async () => {
    const result = await cli("orgs", "list");
    expect(result).toEqual({ code: 0, stdout: "ID                        NAME\n650000000000000000000001  Mock-Paying-Org\n", stderr: "" });
  });

  it("creates an organization, prints it as JSON, and its owner deletes it", async () => {
    const created = await cli("orgs", "create", "spawned-org", "--org-owner-id", mock.credentials.user.id, "--json");
    expect(created.code).toBe(0);
    const { organization } = JSON.parse(created.stdout) as { organization: { id: string; name: string } };
    expect(organization.name).toBe("spawned-org");
    expect(mock.state.organizations.has(organization.id)).toBe(true);

    const { username, password } = mock.credentials.user;
    const deleted = await cli("--public-key", username, "--private-key", password, "orgs", "delete", organization.id, "--force");
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted organization ${organization.id}.\n` });
    expect(mock.state.organizations.has(organization.id)).toBe(false);
  });

  it("creates a team, adds a user, lists the teams as JSON, and exits 1 on a duplicate name", async () => {
    const orgId = mock.credentials.orgId;
    expect((await cli("teams", "create", "spawned-team", "--org-id", orgId)).code).toBe(0);
    const team = [...mock.state.teams.values()].find((candidate) => candidate.name === "spawned-team");
    const teamId = team?.id ?? "";

    const added = await cli("teams", "add-user", teamId, "650000000000000000000012", "--org-id", orgId);
    expect(added).toMatchObject({ code: 0, stdout: `Added user 650000000000000000000012 (team ${teamId}).\n` });
    expect(team?.userIds).toEqual(["650000000000000000000012"]);

    const listed = await cli("--json", "teams", "list", "--org-id", orgId);
    expect((JSON.parse(listed.stdout) as { results: unknown[] }).results).toContainEqual(expect.objectContaining({ id: teamId, name: "spawned-team" }));

    const duplicate = await cli("teams", "create", "spawned-team", "--org-id", orgId);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toBe(`error: TEAM_NAME_NOT_AVAILABLE — A team named spawned-team already exists in organization ${orgId}.\n`);
  });

  it("shows a new service account's secret once", async () => {
    const result = await cli(
      "service-accounts", "create", "--org-id", mock.credentials.orgId, "--name", "spawned-sa",
      "--description", "made by a test", "--role", "ORG_MEMBER", "--secret-expires-after-hours", "1",
    );
    const account = [...mock.state.serviceAccounts.values()].find((candidate) => candidate.name === "spawned-sa");
    expect(result.code).toBe(0);
    expect(result.stdout.match(/mdb_sa_sk_\w+/g)).toEqual([account?.secrets[0]?.value]);
  });

  it("exits 2 on bad flags, and no request reaches the mock", async () => {
    const before = mock.state.requests.length;
    const results = await Promise.all([
      cli("orgs", "get", "not-a-24-hex-id"),
      cli("orgs", "list", "--no-such-flag"),
      cli("teams", "list"),
      cli("--api", "atlas-v3", "orgs", "list"),
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
    expect(results.map((result) => result.stderr.split("\n")[0])).toEqual([
      "error: command-argument value 'not-a-24-hex-id' is invalid for argument 'orgId'. orgId must match ^[a-f0-9]{24}$.",
      "error: unknown option '--no-such-flag'",
      "error: USAGE — --org-id is required (or set MONGODB_ATLAS_ORG_ID, or org_id in the profile)",
      "error: option '--api <api>' argument 'atlas-v3' is invalid. Allowed choices are atlas, atlas-v1, cloud-manager, ops-manager.",
    ]);
    expect(mock.state.requests.length).toBe(before);
  });

  it("prints --help on stdout with exit 0", async () => {
    const result = await runSpawned(["service-accounts", "secrets", "create", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: atlas-admin service-accounts secrets create [options] <clientId>");
    expect(result.stdout).toContain("--secret-expires-after-hours <hours>");
  });

  it("never prints the private key, whether it is wrong or given as a flag", async () => {
    const secret = "wrong-0f1e2d3c-secret";
    const result = await runSpawned(["--base-url", mock.url, "--public-key", mock.credentials.apiKey.publicKey, "--private-key", secret, "orgs", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: [A-Z_]+ — /);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("never prints the private key in use when commander quotes it back as a bad id", async () => {
    const { privateKey } = mock.credentials.apiKey;
    const result = await cli("orgs", "get", privateKey);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("command-argument value '***' is invalid");
    expect(result.stdout + result.stderr).not.toContain(privateKey);
  });

  it("exits 0 after `help teams`", async () => {
    const result = await runSpawned(["help", "teams"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: atlas-admin teams [options] [command]");
  });

  it("serves the mock with `mock`, printing its URL and credentials, until SIGTERM", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "mock", "--json"], { cwd: root, env: { PATH: process.env.PATH ?? "" } });
    let stdout = "";
    const printed = new Promise<{ url: string; credentials: { orgId: string } }>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.trimEnd().endsWith("}")) resolve(JSON.parse(stdout) as { url: string; credentials: { orgId: string } });
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const { url, credentials } = await printed;
    expect(credentials.orgId).toBe("650000000000000000000001");

    const listed = await runSpawned(["--base-url", url, "orgs", "list"], env);
    expect(listed.stdout).toContain("Mock-Paying-Org");

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("masks a password typed without its flag, and writes errors as JSON with -o json", async () => {
    const typo = await runSpawned(["--public-key", "ann@example.com", "ann-mock-password", "orgs", "list"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command '***'");
    expect(typo.stdout + typo.stderr).not.toContain("ann-mock-password");

    const refused = await cli("-o", "json", "teams", "describe", "650000000000000000000099", "--orgId", mock.credentials.orgId);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stderr)).toMatchObject({ errorCode: "TEAM_NOT_FOUND", exitCode: 1, status: 404 });
  });

  describe("against a server that stops answering", () => {
    let silent: Server;
    let url = "";
    beforeAll(async () => {
      // Accepts the connection; answers nothing, or only the headers of a 200 (`/stall-body`).
      silent = createServer((socket) => {
        socket.once("data", (request) => {
          if (request.toString().includes(" /stall")) socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{");
        });
        socket.on("error", () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it("gives up after --timeout, whether no byte or only the headers came, saying what timed out (exit 3)", async () => {
      for (const base of [url, `${url}/stall`]) {
        const result = await runSpawned(["--base-url", base, "--timeout", "0.5", "--retries", "0", "orgs", "list"], env);
        expect(result.code).toBe(3);
        expect(result.stderr).toBe(`error: TIMEOUT — GET ${base}/api/atlas/v2/orgs: no complete answer within 0.5 s (the whole exchange, retries included; raise it with --timeout)\n`);
      }
    });
  });
});

const exec = promisify(execFile);

describe("atlas-admin from a fresh checkout (no dist/, after npm ci's prepare)", () => {
  let checkout = "";
  beforeAll(async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    checkout = await mkdtemp(join(tmpdir(), "atlas-admin-checkout-"));
    const { stdout } = await exec("git", ["ls-files", "-z"], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    for (const file of stdout.split("\0").filter((path) => path !== "")) {
      await mkdir(dirname(join(checkout, file)), { recursive: true });
      await cp(join(root, file), join(checkout, file));
    }
    // The installed packages without any link to this project's own bins, as `npm ci` leaves them before `prepare`.
    const modules = join(checkout, "node_modules");
    await mkdir(join(modules, ".bin"), { recursive: true });
    for (const entry of await readdir(join(root, "node_modules"))) {
      if (entry !== ".bin") await symlink(join(root, "node_modules", entry), join(modules, entry));
    }
    for (const bin of await readdir(join(root, "node_modules", ".bin"))) {
      if (!bin.startsWith("atlas-admin")) await symlink(join(root, "node_modules", ".bin", bin), join(modules, ".bin", bin));
    }
    await exec("npm", ["run", "prepare", "--silent"], { cwd: checkout });
  }, 120_000);
  afterAll(() => rm(checkout, { recursive: true, force: true }));

  // A registry that cannot answer: the bin must resolve locally, never from a registry.
  const npmEnv = () => ({ PATH: process.env.PATH ?? "", HOME: checkout, XDG_CONFIG_HOME: NO_CONFIG_HOME, npm_config_registry: "http://127.0.0.1:9/", npm_config_update_notifier: "false" });

  it("runs `npx atlas-admin …` and `npm run cli -- …` as the README shows, without a build", async () => {
    await expect(readdir(join(checkout, "dist"))).rejects.toThrow();
    const npx = await exec("npx", ["atlas-admin", "--base-url", mock.url, "orgs", "list"], { cwd: checkout, env: { ...npmEnv(), ...env } });
    expect(npx.stdout).toContain("650000000000000000000001");
    const script = await exec("npm", ["run", "--silent", "cli", "--", "--version"], { cwd: checkout, env: npmEnv() });
    expect(script.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);
});
