import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { operations, type Surface } from "../../generated/operations.js";
import { startMockServer, type MockServer } from "../../src/mock/server.js";
import { findInteropTools } from "./support/interop-tools.js";

const python = findInteropTools().python;
const DRIVER = fileURLToPath(new URL("./support/requests-digest-client.py", import.meta.url));
const V2 = "application/vnd.atlas.2023-01-01+json";

/** One call for the driver: sent with `requests` and `HTTPDigestAuth(user, password)`. */
interface PythonCall {
  readonly method: string;
  readonly url: string;
  readonly user: string;
  readonly password: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** What the driver saw for one call. */
interface PythonAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Runs the calls in one Python process, one after another (asynchronously: the mock answers from this process). */
async function runPython(calls: readonly PythonCall[]): Promise<PythonAnswer[]> {
  const child = spawn(python ?? "python3", [DRIVER], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin.end(JSON.stringify(calls));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`python requests driver exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as PythonAnswer[];
}

const bodyOf = (answer: PythonAnswer | undefined): Record<string, unknown> => JSON.parse(answer?.body ?? "null") as Record<string, unknown>;

/** The status the spec gives an operation's success. */
function successStatus(surface: Surface, operationId: string): number {
  const operation = operations.find((candidate) => candidate.surface === surface && candidate.operationId === operationId);
  if (!operation) throw new Error(`no operation ${surface} ${operationId}`);
  return operation.successStatus;
}

describe.skipIf(!python)("Python requests with HTTPDigestAuth against the mock server", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ requestLogLimit: Number.POSITIVE_INFINITY });
  });
  beforeEach(() => mock.reset());
  afterAll(() => mock?.close());

  /** The four surfaces: where their paths start, the key that signs, and the media type asked for. */
  const surfaces = (): { surface: Surface; prefix: string; key: { publicKey: string; privateKey: string }; accept: string }[] => [
    { surface: "atlas-v2", prefix: "/api/atlas/v2", key: mock.credentials.apiKey, accept: V2 },
    { surface: "atlas-v1.0", prefix: "/api/atlas/v1.0", key: mock.credentials.apiKey, accept: "application/json" },
    // The mock answers /api/public/v1.0 as Cloud Manager for an ordinary key and as Ops Manager for a global owner's.
    { surface: "cloud-manager", prefix: "/api/public/v1.0", key: mock.credentials.apiKey, accept: "application/json" },
    { surface: "ops-manager", prefix: "/api/public/v1.0", key: mock.credentials.opsManagerApiKey, accept: "application/json" },
  ];

  it("lists organizations on every surface, the seeded one among them", async () => {
    const calls = surfaces().map(({ prefix, key, accept }) => ({
      method: "GET",
      url: `${mock.url}${prefix}/orgs`,
      user: key.publicKey,
      password: key.privateKey,
      headers: { Accept: accept },
    }));
    const answers = await runPython(calls);
    surfaces().forEach(({ surface }, index) => {
      expect(answers[index]?.status, surface).toBe(successStatus(surface, surface === "atlas-v1.0" ? "listOrgsV1" : "listOrgs"));
      expect(bodyOf(answers[index]).results, surface).toEqual(expect.arrayContaining([expect.objectContaining({ id: mock.credentials.orgId })]));
    });
  });

  it("creates a team on every surface with an application/json body, v2 included", async () => {
    const member = mock.credentials.users.find((user) => user.inOrg)?.username ?? "";
    const calls = surfaces().map(({ surface, prefix, key, accept }) => ({
      method: "POST",
      url: `${mock.url}${prefix}/orgs/${mock.credentials.orgId}/teams`,
      user: key.publicKey,
      password: key.privateKey,
      headers: { Accept: accept, "Content-Type": "application/json" },
      body: { name: `python-${surface}`, usernames: [member] },
    }));
    const answers = await runPython(calls);
    const operationIds: Record<Surface, string> = { "atlas-v2": "createOrgTeam", "atlas-v1.0": "createTeamV1", "cloud-manager": "createTeam", "ops-manager": "createTeam" };
    surfaces().forEach(({ surface }, index) => {
      expect(answers[index]?.status, `${surface}: ${answers[index]?.body}`).toBe(successStatus(surface, operationIds[surface]));
      expect(bodyOf(answers[index]), surface).toMatchObject({ name: `python-${surface}` });
    });
    expect([...mock.state.teams.values()].map((team) => team.name)).toEqual(expect.arrayContaining(surfaces().map(({ surface }) => `python-${surface}`)));
  });

  it("serves listOrgs at its 2023-01-01 version when Accept names a later date (2025-03-12), and says so in Content-Type", async () => {
    const { publicKey, privateKey } = mock.credentials.apiKey;
    const [answer] = await runPython([
      { method: "GET", url: `${mock.url}/api/atlas/v2/orgs`, user: publicKey, password: privateKey, headers: { Accept: "application/vnd.atlas.2025-03-12+json" } },
    ]);
    expect(answer?.status).toBe(200);
    expect(answer?.contentType).toMatch(/^application\/vnd\.atlas\.2023-01-01\+json/);
    expect(bodyOf(answer)).toMatchObject({ results: [expect.objectContaining({ id: mock.credentials.orgId })] });
  });

  it("gets 401 UNAUTHORIZED with a wrong private key on every surface", async () => {
    const calls = surfaces().map(({ prefix, key, accept }) => ({
      method: "GET",
      url: `${mock.url}${prefix}/orgs`,
      user: key.publicKey,
      password: "not-the-private-key",
      headers: { Accept: accept },
    }));
    for (const answer of await runPython(calls)) {
      expect(answer.status).toBe(401);
      expect(bodyOf(answer)).toMatchObject({ error: 401, errorCode: "UNAUTHORIZED" });
    }
  });

  it("makes 30 sequential calls in 31 round trips (counted in the mock's request log)", async () => {
    const { publicKey, privateKey } = mock.credentials.apiKey;
    const calls = Array.from({ length: 30 }, (_, index) => ({
      method: "GET",
      url: `${mock.url}/api/atlas/v2/orgs?pageNum=${index + 1}`,
      user: publicKey,
      password: privateKey,
      headers: { Accept: V2 },
    }));
    const answers = await runPython(calls);
    expect(answers.map((answer) => answer.status)).toEqual(Array<number>(30).fill(200));
    const logged = mock.state.requests.map((request) => request.status);
    console.log(`interop python requests: 30 sequential calls, ${logged.length} round trips`);
    expect(logged).toEqual([401, ...Array<number>(30).fill(200)]);
  });
});
