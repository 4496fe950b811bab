import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VERSION } from "../../../src/client/user-agent.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../../src/mock/index.js";
import { apiKeyEnv, runInProcess } from "../cli-harness.js";

let mock: MockServer;
let env: Record<string, string>;
let orgId: string;

beforeAll(async () => {
  mock = await startMockServer();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  env = apiKeyEnv(mock);
  orgId = mock.credentials.orgId;
});

/** Runs against the mock with the seeded API key unless `extraEnv` says otherwise. */
function run(args: readonly string[], extraEnv: Record<string, string | undefined> = {}) {
  return runInProcess(["--base-url", mock.url, ...args], { ...env, ...extraEnv });
}

function teamsNamed(name: string) {
  return [...mock.state.teams.values()].filter((team) => team.name === name);
}

describe("orgs", () => {
  it("lists the organizations as a table of ids and names", async () => {
    const result = await run(["orgs", "list"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^ID\s+NAME\n650000000000000000000001\s+Mock-Paying-Org\n$/);
  });

  it("prints the API's data as JSON with --json", async () => {
    const result = await run(["orgs", "get", orgId, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: orgId, name: "Mock-Paying-Org" });
  });

  it("creates and deletes an Atlas organization owned by --org-owner-id", async () => {
    const created = await run(["orgs", "create", "cli-org", "--org-owner-id", mock.credentials.user.id, "--json"]);
    expect(created.code).toBe(0);
    const newId = (JSON.parse(created.stdout) as { organization: { id: string } }).organization.id;
    expect(mock.state.organizations.get(newId)?.members.has(mock.credentials.user.id)).toBe(true);

    const table = await run(["orgs", "create", "cli-org-2", "--org-owner-id", mock.credentials.user.id]);
    expect(table.stdout).toMatch(/^ID\s+NAME\n[a-f0-9]{24}\s+cli-org-2\nThe credentials used get no role in the new organization; .+\n$/);

    const deleted = await run(["orgs", "delete", orgId, "--force"]);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted organization ${orgId}.\n` });
    expect(mock.state.organizations.has(orgId)).toBe(false);
  });

  it("prints { deleted: true, id } as JSON for a deleted organization", async () => {
    const deleted = await run(["orgs", "delete", orgId, "--json", "--force"]);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: true, id: orgId });
  });

  it("shows Cloud Manager's API_KEY_CANNOT_CREATE_ORG for an API key and creates with user credentials", async () => {
    const refused = await run(["--api", "cloud-manager", "orgs", "create", "cm-org"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: API_KEY_CANNOT_CREATE_ORG — .+\n$/);

    const { username, password } = mock.credentials.user;
    const created = await run(["--api", "cloud-manager", "--public-key", username, "--private-key", password, "orgs", "create", "cm-org", "--json"]);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ organization: { name: "cm-org" } });
  });

  it("creates an Ops Manager organization with LDAP mappings, merging the groups of one role", async () => {
    const { publicKey, privateKey } = mock.credentials.opsManagerApiKey;
    const result = await run(
      ["--api", "ops-manager", "orgs", "create", "om-org", "--json",
        "--ldap-group-mapping", "ORG_OWNER=cn=dbas,dc=example,dc=com",
        "--ldap-group-mapping", "ORG_MEMBER=cn=devs,dc=example,dc=com",
        "--ldap-group-mapping", "ORG_OWNER=cn=leads,dc=example,dc=com"],
      { MONGODB_ATLAS_PUBLIC_API_KEY: publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: privateKey },
    );
    expect(result.code).toBe(0);
    const created = mock.state.organizations.get((JSON.parse(result.stdout) as { organization: { id: string } }).organization.id);
    expect(created?.ldapGroupMappings).toEqual([
      { roleName: "ORG_OWNER", ldapGroups: ["cn=dbas,dc=example,dc=com", "cn=leads,dc=example,dc=com"] },
      { roleName: "ORG_MEMBER", ldapGroups: ["cn=devs,dc=example,dc=com"] },
    ]);
  });

  it("refuses an option the chosen API does not take, before any request", async () => {
    const ldap = await run(["orgs", "create", "x", "--ldap-group-mapping", "ORG_OWNER=cn=a"]);
    const owner = await run(["--api", "cloud-manager", "orgs", "create", "x", "--org-owner-id", mock.credentials.user.id]);
    expect(ldap).toMatchObject({ code: 2, stderr: "error: USAGE — --ldap-group-mapping is for --api ops-manager, not atlas\n" });
    expect(owner).toMatchObject({ code: 2, stderr: "error: USAGE — --org-owner-id is for --api atlas and atlas-v1, not cloud-manager\n" });
    expect(mock.state.requests).toEqual([]);
  });

  it("refuses a malformed LDAP mapping while parsing", async () => {
    const result = await run(["--api", "ops-manager", "orgs", "create", "x", "--ldap-group-mapping", "ORG_OWNER"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Must be ROLE=group");
  });
});

describe("teams", () => {
  it("creates, lists, renames and deletes a team on Atlas v2", async () => {
    const created = await run(["teams", "create", "dbas", "--org-id", orgId, "--username", "bob@example.com", "--username", "carol@example.com"]);
    expect(created.code).toBe(0);
    const [team] = teamsNamed("dbas");
    expect(team?.userIds).toEqual(["650000000000000000000012", "650000000000000000000013"]);
    expect(created.stdout).toBe(`ID                        NAME\n${team?.id}  dbas\n`);

    const listed = await run(["teams", "list", "--org-id", orgId, "--json"]);
    expect(JSON.parse(listed.stdout)).toMatchObject({ results: [{ id: team?.id, name: "dbas" }], totalCount: 1 });

    expect((await run(["teams", "rename", team?.id ?? "", "admins", "--org-id", orgId])).code).toBe(0);
    expect(team?.name).toBe("admins");

    const deleted = await run(["teams", "delete", team?.id ?? "", "--org-id", orgId, "--force"]);
    expect(deleted.stdout).toBe(`Deleted team ${team?.id}.\n`);
    expect(mock.state.teams.size).toBe(0);
  });

  it("adds a user with :addUser and removes them with :removeUser on Atlas v2", async () => {
    await run(["teams", "create", "dbas", "--org-id", orgId]);
    const [team] = teamsNamed("dbas");
    const added = await run(["teams", "add-user", team?.id ?? "", mock.credentials.user.id, "--org-id", orgId, "--json"]);
    expect(JSON.parse(added.stdout)).toEqual({ teamId: team?.id, userIds: [mock.credentials.user.id] });
    expect(mock.state.requests.at(-1)?.url).toMatch(/:addUser$/);

    const removed = await run(["teams", "remove-user", team?.id ?? "", mock.credentials.user.id, "--org-id", orgId]);
    expect(removed).toMatchObject({ code: 0, stdout: `Removed user ${mock.credentials.user.id} (team ${team?.id}).\n` });
    expect(mock.state.requests.at(-1)?.url).toMatch(/:removeUser$/);
    expect(team?.userIds).toEqual([]);
  });

  it("adds a user through the older users list on the public API", async () => {
    await run(["--api", "cloud-manager", "teams", "create", "dbas", "--org-id", orgId]);
    const [team] = teamsNamed("dbas");
    const added = await run(["--api", "cloud-manager", "teams", "add-user", team?.id ?? "", mock.credentials.user.id, "--org-id", orgId]);
    expect(added.code).toBe(0);
    expect(mock.state.requests.at(-1)).toMatchObject({ method: "POST", url: `/api/public/v1.0/orgs/${orgId}/teams/${team?.id}/users` });
    expect(team?.userIds).toEqual([mock.credentials.user.id]);
  });

  it("prints { deleted: true, id } as JSON for a deleted team, whose answer is empty", async () => {
    await run(["teams", "create", "dbas", "--org-id", orgId]);
    const [team] = teamsNamed("dbas");
    const deleted = await run(["teams", "delete", team?.id ?? "", "--org-id", orgId, "--json", "--force"]);
    expect(deleted).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: true, id: team?.id });
  });

  it("exits 1 with TEAM_NAME_NOT_AVAILABLE and the API's reason for a duplicate team", async () => {
    await run(["teams", "create", "dbas", "--org-id", orgId]);
    const duplicate = await run(["teams", "create", "DBAs", "--org-id", orgId]);
    expect(duplicate).toMatchObject({ code: 1, stdout: "" });
    expect(duplicate.stderr).toBe(`error: TEAM_NAME_NOT_AVAILABLE — A team named DBAs already exists in organization ${orgId}.\n`);
  });

  it.each([
    ["atlas-v1", ["teams", "describe", "650000000000000000000099", "--org-id", "650000000000000000000001"], "teams describe", "the Atlas Administration API v1.0", "--api atlas"],
    ["cloud-manager", ["teams", "delete", "650000000000000000000099", "--org-id", "650000000000000000000001", "--force"], "teams delete", "the Cloud Manager public API v1.0", "--api atlas"],
    ["ops-manager", ["teams", "remove-user", "650000000000000000000099", "650000000000000000000012", "--org-id", "650000000000000000000001"], "teams remove-user", "the Ops Manager public API v1.0", "--api atlas"],
  ])("refuses a command --api %s lacks before any request, naming the APIs that have it", async (api, args, command, title, elsewhere) => {
    const result = await run(["--api", api, ...args]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: USAGE — ${command} is not available with --api ${api}: ${title} has no such operation; it is available with ${elsewhere}\n`,
    });
    expect(mock.state.requests).toEqual([]);
  });

  it("refuses rename on Atlas v1.0 before any request and names the API that has it", async () => {
    const result = await run(["--api", "atlas-v1", "teams", "rename", "650000000000000000000099", "x", "--org-id", orgId]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "error: USAGE — teams rename is not available with --api atlas-v1: the Atlas Administration API v1.0 has no such operation; it is available with --api atlas\n",
    );
    expect(mock.state.requests).toEqual([]);
  });

  it("refuses a body the spec forbids (a username that is no email) without sending it", async () => {
    const result = await run(["teams", "create", "dbas", "--org-id", orgId, "--username", "not-an-email"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: INVALID_INPUT — createOrgTeam: body\.usernames\[0\].*nothing was sent\n$/);
    expect(mock.state.requests.filter((request) => request.method === "POST")).toEqual([]);
  });
});

describe("service accounts", () => {
  it("shows a new service account's secret once, and never in the list", async () => {
    const created = await run([
      "service-accounts", "create", "--org-id", orgId, "--name", "ci", "--description", "CI runs",
      "--role", "ORG_MEMBER", "--role", "ORG_READ_ONLY", "--secret-expires-after-hours", "8",
    ]);
    expect(created.code).toBe(0);
    const account = [...mock.state.serviceAccounts.values()].find((candidate) => candidate.name === "ci");
    const secret = account?.secrets[0]?.value ?? "";
    expect(account?.roles).toEqual(["ORG_MEMBER", "ORG_READ_ONLY"]);
    expect(created.stdout).toMatch(new RegExp(`^CLIENT ID\\s+NAME\\s+ROLES\\n${account?.clientId}\\s+ci\\s+ORG_MEMBER, ORG_READ_ONLY\\n`));
    expect(created.stdout).toContain(`(shown only now, store it safely): ${secret}`);

    const listed = await run(["service-accounts", "list", "--org-id", orgId]);
    expect(listed.stdout).toContain(account?.clientId);
    expect(listed.stdout).not.toContain(secret);
  });

  it("creates a second secret and deletes the account", async () => {
    const { clientId } = mock.credentials.serviceAccount;
    const secret = await run(["service-accounts", "secrets", "create", clientId, "--org-id", orgId, "--secret-expires-after-hours", "1"]);
    const added = mock.state.serviceAccounts.get(clientId)?.secrets[1];
    expect(secret.stdout).toMatch(new RegExp(`^SECRET ID\\s+EXPIRES AT\\n${added?.id}\\s+\\S+\\nSecret ${added?.id} \\(shown only now, store it safely\\): ${added?.value}\\n$`));

    const deleted = await run(["service-accounts", "delete", clientId, "--org-id", orgId, "--force"]);
    expect(deleted.stdout).toBe(`Deleted service account ${clientId}.\n`);
    expect(mock.state.serviceAccounts.has(clientId)).toBe(false);
  });

  it("prints { deleted: true, id } as JSON for a deleted service account", async () => {
    const { clientId } = mock.credentials.serviceAccount;
    const deleted = await run(["--json", "service-accounts", "delete", clientId, "--org-id", orgId, "--force"]);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ deleted: true, id: clientId });
  });

  it("prints the created account as JSON, secret included, with --json", async () => {
    const result = await run([
      "--json", "service-accounts", "create", "--org-id", orgId, "--name", "ci", "--description", "CI", "--role", "ORG_MEMBER", "--secret-expires-after-hours", "2",
    ]);
    const data = JSON.parse(result.stdout) as { secrets: { secret: string }[] };
    expect(data.secrets[0]?.secret).toMatch(/^mdb_sa_sk_/);
  });

  it("refuses service accounts on Cloud Manager before any request", async () => {
    const result = await run(["--api", "cloud-manager", "service-accounts", "list", "--org-id", orgId]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("service-accounts list is not available with --api cloud-manager");
    expect(mock.state.requests).toEqual([]);
  });

  it("calls the API as a service account given by flags", async () => {
    const { clientId, clientSecret } = mock.credentials.serviceAccount;
    const result = await runInProcess(["--base-url", mock.url, "--client-id", clientId, "--client-secret", clientSecret, "orgs", "list"], {});
    expect(result.code).toBe(0);
    expect(mock.state.counters.tokenRequests).toBe(1);
    expect(mock.state.requests.at(-1)?.principal).toBe("serviceAccount");
  });
});

describe("credentials, URLs and failures", () => {
  it("refuses to run without credentials, naming the variables, before any request", async () => {
    const result = await runInProcess(["--base-url", mock.url, "orgs", "list"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("MONGODB_ATLAS_PUBLIC_API_KEY");
    expect(mock.state.requests).toEqual([]);
  });

  it("reads the Ops Manager URL from MONGODB_ATLAS_OPS_MANAGER_URL", async () => {
    const { publicKey, privateKey } = mock.credentials.opsManagerApiKey;
    const omEnv = { MONGODB_ATLAS_PUBLIC_API_KEY: publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: privateKey };
    const missing = await runInProcess(["--api", "ops-manager", "orgs", "list"], omEnv);
    expect(missing).toMatchObject({ code: 2, stderr: "error: USAGE — --api ops-manager needs --base-url, MONGODB_ATLAS_OPS_MANAGER_URL or ops_manager_url in the profile\n" });

    const found = await runInProcess(["--api", "ops-manager", "orgs", "list"], { ...omEnv, MONGODB_ATLAS_OPS_MANAGER_URL: mock.url });
    expect(found.code).toBe(0);
    expect(found.stdout).toContain("Mock-Paying-Org");
  });

  it("refuses an id that breaks the spec's pattern while parsing, so nothing is sent", async () => {
    const result = await run(["orgs", "get", "../admin"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("orgId must match ^[a-f0-9]{24}$");
    expect(mock.state.requests).toEqual([]);
  });

  it("exits 1 for wrong credentials without printing the private key", async () => {
    const result = await run(["orgs", "list"], { MONGODB_ATLAS_PRIVATE_API_KEY: "wrong-private-key-123" });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: [A-Z_]+ — .+\n$/);
    expect(result.stdout + result.stderr).not.toContain("wrong-private-key-123");
  });

  it("exits 3 when no answer comes", async () => {
    const closed = await startMockServer();
    await closed.close();
    const result = await runInProcess(["--base-url", closed.url, "orgs", "get", orgId], env);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^error: NO_RESPONSE — GET .+ no response/);
  });

  it("masks a value given to a misspelled option and a password in a bad URL", async () => {
    const misspelled = await run(["orgs", "list", "--privat-key=s3cr3t-value"]);
    const url = await runInProcess(["--base-url", "ftp://user:s3cr3t-value@example.com", "orgs", "list"], env);
    expect(misspelled.code).toBe(2);
    expect(url.code).toBe(2);
    expect(misspelled.stderr).toContain("unknown option '--privat-key=***'");
    expect(url.stderr).toContain("ftp://***@example.com");
    expect(misspelled.stderr + url.stderr).not.toContain("s3cr3t-value");
  });

  it("masks a password holding a slash in a bad URL", async () => {
    const result = await runInProcess(["--base-url", "http://u:pa/ss-s3cr3t-value@127.0.0.1", "orgs", "list"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'http://***@127.0.0.1' is invalid");
    expect(result.stderr).not.toContain("s3cr3t-value");
  });

  it("masks the private key from the environment where commander quotes it as a bad argument", async () => {
    const result = await runInProcess(["orgs", "get", "my-private-password"], { ...env, MONGODB_ATLAS_PRIVATE_API_KEY: "my-private-password" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("command-argument value '***' is invalid for argument 'orgId'");
    expect(result.stderr).not.toContain("my-private-password");
  });

  it("masks the client secret given as a flag wherever commander quotes it", async () => {
    const result = await runInProcess(["--client-id", "mdb_sa_id_1", "--client-secret", "hunter2hunter2", "teams", "list", "--org-id", "hunter2hunter2"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--org-id <orgId>' argument '***' is invalid");
    expect(result.stderr).not.toContain("hunter2hunter2");
  });

  it("masks a private key typed without its flag (a UUID), which commander takes for a command", async () => {
    const { privateKey } = mock.credentials.apiKey;
    const result = await runInProcess(["--public-key", "abcdefgh", privateKey, "orgs", "list"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command '***'");
    expect(result.stderr).not.toContain(privateKey);
  });

  it("prints help with exit 0 for `help` and `help <command>`", async () => {
    const top = await runInProcess(["help"], {});
    const teams = await runInProcess(["help", "teams"], {});
    expect(top).toMatchObject({ code: 0, stderr: "" });
    expect(top.stdout).toContain("Usage: atlas-admin [options] [command]");
    expect(teams).toMatchObject({ code: 0, stderr: "" });
    expect(teams.stdout).toContain("Usage: atlas-admin teams [options] [command]");
  });

  it("documents the --json output of a delete in --help", async () => {
    expect((await runInProcess(["--help"], {})).stdout).toContain('a delete is { "deleted": true, "id": "<id>" }');
  });

  it("prints help with exit 0, and the global options on a subcommand's help", async () => {
    const result = await runInProcess(["teams", "create", "--help"], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: atlas-admin teams create [options] [name]");
    expect(result.stdout).toContain("--api <api>");
    expect(result.stdout).toMatch(/--private-key <key>\s+API key private key, or a user's password \(env\s+MONGODB_ATLAS_PRIVATE_API_KEY\)/);
  });

  it("prints the package version with --version and exits 0", async () => {
    const result = await runInProcess(["--version"], {});
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  it("exits 2 and shows help when no command is given", async () => {
    const result = await runInProcess([], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Usage: atlas-admin");
  });
});

describe("Atlas CLI habits", () => {
  it("prints JSON with -o json, --output json or MONGODB_ATLAS_OUTPUT=json, and a list keeps totalCount", async () => {
    for (const [args, extraEnv] of [[["-o", "json"], {}], [["--output=json"], {}], [[], { MONGODB_ATLAS_OUTPUT: "json" }]] as const) {
      const result = await run([...args, "orgs", "list"], extraEnv);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ results: [expect.objectContaining({ id: orgId })], totalCount: 1 });
    }
    expect((await run(["-o", "plaintext", "orgs", "list"], { MONGODB_ATLAS_OUTPUT: "json" })).stdout).toMatch(/^ID\s+NAME\n/);
  });

  it("takes describe (and get), organizations, the camelCase --orgId and MONGODB_ATLAS_ORG_ID as the default organization", async () => {
    for (const args of [["orgs", "describe", orgId], ["organizations", "get", orgId], ["orgs", "describe"]]) {
      const result = await run(["--json", ...args], { MONGODB_ATLAS_ORG_ID: orgId });
      expect(JSON.parse(result.stdout)).toMatchObject({ id: orgId });
    }
    await run(["teams", "create", "dbas", "--orgId", orgId]);
    const listed = await run(["--json", "teams", "list"], { MONGODB_ATLAS_ORG_ID: orgId });
    expect(JSON.parse(listed.stdout)).toMatchObject({ results: [{ name: "dbas" }], totalCount: 1 });
  });

  it("refuses a command without an organization, naming the flag, the variable and the profile property, before any request", async () => {
    const result = await run(["teams", "list"]);
    expect(result).toMatchObject({ code: 2, stderr: "error: USAGE — --org-id is required (or set MONGODB_ATLAS_ORG_ID, or org_id in the profile)\n" });
    const bad = await run(["teams", "list"], { MONGODB_ATLAS_ORG_ID: "../x" });
    expect(bad.stderr).toBe("error: USAGE — MONGODB_ATLAS_ORG_ID (or org_id in the profile) must match ^[a-f0-9]{24}$\n");
    expect(mock.state.requests).toEqual([]);
  });

  it("reads an Atlas CLI profile with -P, flags over the environment over the profile, its secret masked", async () => {
    const home = await mkdtemp(join(tmpdir(), "atlas-admin-profile-"));
    const { publicKey, privateKey } = mock.credentials.apiKey;
    await mkdir(join(home, "atlascli"));
    await writeFile(
      join(home, "atlascli", "config.toml"),
      `[mock]\npublic_api_key = "${publicKey}"\nprivate_api_key = "${privateKey}"\norg_id = "${orgId}"\noutput = "json"\n\n` +
        `[wrong]\npublic_api_key = "${publicKey}"\nprivate_api_key = "profile-wrong-key"\n`,
    );
    try {
      const profileEnv = { XDG_CONFIG_HOME: home };
      const viaProfile = await runInProcess(["--base-url", mock.url, "-P", "mock", "teams", "list"], profileEnv);
      expect(viaProfile).toMatchObject({ code: 0, stderr: "" });
      expect(JSON.parse(viaProfile.stdout)).toEqual({ results: [], totalCount: 0 });

      const envWins = await runInProcess(["--base-url", mock.url, "--profile", "wrong", "orgs", "list"], { ...profileEnv, MONGODB_ATLAS_PRIVATE_API_KEY: privateKey });
      expect(envWins.code).toBe(0);
      const flagWins = await runInProcess(["--base-url", mock.url, "-P", "mock", "-o", "plaintext", "--private-key", "flag-wrong-key", "orgs", "list"], profileEnv);
      expect(flagWins.code).toBe(1);

      const masked = await runInProcess(["-P", "wrong", "orgs", "get", "profile-wrong-key"], profileEnv);
      expect(masked.code).toBe(2);
      expect(masked.stderr).toContain("command-argument value '***' is invalid");
      expect(masked.stderr).not.toContain("profile-wrong-key");

      const missing = await runInProcess(["-P", "nope", "orgs", "list"], profileEnv);
      expect(missing).toMatchObject({ code: 2, stderr: `error: USAGE — no profile "nope" in ${join(home, "atlascli", "config.toml")}\n` });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("asks before deleting on a terminal, and deletes nothing on a no", async () => {
    const questions: string[] = [];
    const answer = (yes: boolean) => ({ confirm: async (question: string) => (questions.push(question), yes) });
    const declined = await runInProcess(["--base-url", mock.url, "orgs", "delete", orgId], env, answer(false));
    expect(declined).toMatchObject({ code: 0, stdout: "Nothing was deleted.\n" });
    expect(mock.state.organizations.has(orgId)).toBe(true);
    const declinedJson = await runInProcess(["--base-url", mock.url, "--json", "orgs", "delete", orgId], env, answer(false));
    expect(JSON.parse(declinedJson.stdout)).toEqual({ deleted: false, id: orgId });

    const accepted = await runInProcess(["--base-url", mock.url, "orgs", "delete", orgId], env, answer(true));
    expect(accepted).toMatchObject({ code: 0, stdout: `Deleted organization ${orgId}.\n` });
    expect(questions).toEqual([`Delete organization ${orgId}?`, `Delete organization ${orgId}?`, `Delete organization ${orgId}?`]);
    expect(mock.state.organizations.has(orgId)).toBe(false);
  });

  it("refuses to delete without --force when nobody can be asked, before any request", async () => {
    const results = await Promise.all([
      run(["orgs", "delete", orgId]),
      run(["teams", "delete", "650000000000000000000099", "--org-id", orgId]),
      run(["service-accounts", "delete", mock.credentials.serviceAccount.clientId, "--org-id", orgId]),
    ]);
    for (const result of results) {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: USAGE — nothing can ask before deleting .+ \(no terminal\): add --force to delete without asking\n$/);
    }
    expect(mock.state.requests).toEqual([]);
  });
});

describe("commands users reach for", () => {
  it("lists an organization's users with the ids teams add-user takes", async () => {
    const result = await run(["orgs", "users", "list", "--org-id", orgId]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ID\s+USERNAME\s+ROLES\n650000000000000000000011\s+ann@example\.com\s+ORG_OWNER\n/m);
    const json = JSON.parse((await run(["--json", "orgs", "users", "list", "--org-id", orgId])).stdout) as { results: { id: string }[]; totalCount: number };
    expect(json.totalCount).toBe(json.results.length);
  });

  it("adds users to a team by username (looked up) or id, comma lists too, with --teamId as the Atlas CLI names it", async () => {
    await run(["teams", "create", "--name", "dbas", "--org-id", orgId, "--username", "ann@example.com,bob@example.com"]);
    const [team] = teamsNamed("dbas");
    expect(team?.userIds).toEqual(["650000000000000000000011", "650000000000000000000012"]);
    const added = await run(["--json", "teams", "add-user", "--teamId", team?.id ?? "", "Carol@Example.com", "--org-id", orgId]);
    expect(JSON.parse(added.stdout)).toEqual({ teamId: team?.id, userIds: ["650000000000000000000013"] });
    expect(team?.userIds).toContain("650000000000000000000013");

    const unknown = await run(["teams", "add-user", team?.id ?? "", "dave@example.org", "--org-id", orgId]);
    expect(unknown).toMatchObject({ code: 2, stderr: `error: USAGE — organization ${orgId} has no user dave@example.org (\`orgs users list\` shows its users)\n` });
  });

  it("describes a team by id or by name, and a service account", async () => {
    await run(["teams", "create", "dbas", "--org-id", orgId]);
    const [team] = teamsNamed("dbas");
    const byId = await run(["--json", "teams", "describe", team?.id ?? "", "--org-id", orgId]);
    const byName = await run(["--json", "teams", "describe", "--name", "dbas", "--org-id", orgId]);
    expect(JSON.parse(byId.stdout)).toMatchObject({ id: team?.id, name: "dbas" });
    expect(JSON.parse(byName.stdout)).toMatchObject({ id: team?.id, name: "dbas" });

    const { clientId } = mock.credentials.serviceAccount;
    const account = await run(["service-accounts", "describe", clientId, "--org-id", orgId]);
    expect(account.stdout).toMatch(new RegExp(`^CLIENT ID\\s+NAME\\s+ROLES\\n${clientId}\\s`));
  });

  it("takes a create's name as an argument or as --name, on teams and service accounts alike", async () => {
    const account = await run(["service-accounts", "create", "ci", "--org-id", orgId, "--description", "CI", "--role", "ORG_MEMBER", "--secret-expires-after-hours", "1"]);
    expect(account.code).toBe(0);
    expect([...mock.state.serviceAccounts.values()].some((candidate) => candidate.name === "ci")).toBe(true);
    const both = await run(["teams", "create", "a", "--name", "b", "--org-id", orgId]);
    expect(both.code).toBe(2);
  });

  it("creates an organization with its own API key, shows the private key once with how to use it, and that key reaches the new organization", async () => {
    const created = await run([
      "orgs", "create", "with-key", "--ownerId", mock.credentials.user.id, "--apiKeyDescription", "automation", "--apiKeyRole", "ORG_OWNER,ORG_MEMBER",
    ]);
    expect(created.code).toBe(0);
    const key = [...mock.state.apiKeys.values()].find((candidate) => candidate.desc === "automation");
    expect(key?.roles.map((role) => role.roleName)).toEqual(["ORG_OWNER", "ORG_MEMBER"]);
    expect(created.stdout.split(key?.privateKey ?? "?").length - 1).toBe(2);
    expect(created.stdout).toContain(`Use it:  export MONGODB_ATLAS_PUBLIC_API_KEY=${key?.publicKey} MONGODB_ATLAS_PRIVATE_API_KEY=${key?.privateKey}`);

    const newOrgId = key?.roles[0]?.orgId ?? "";
    const reached = await run(["--json", "orgs", "describe", newOrgId], { MONGODB_ATLAS_PUBLIC_API_KEY: key?.publicKey, MONGODB_ATLAS_PRIVATE_API_KEY: key?.privateKey });
    expect(JSON.parse(reached.stdout)).toMatchObject({ id: newOrgId, name: "with-key" });
  });

  it("creates an organization with its own service account, whose secret is in the JSON answer once", async () => {
    const created = await run([
      "--json", "orgs", "create", "with-sa", "--org-owner-id", mock.credentials.user.id, "--service-account-name", "robot",
      "--service-account-description", "automation", "--service-account-role", "ORG_OWNER", "--service-account-secret-expires-after-hours", "24",
    ]);
    const answer = JSON.parse(created.stdout) as { organization: { name: string }; serviceAccount: { clientId: string; secrets: { secret: string }[] } };
    expect(answer.organization.name).toBe("with-sa");
    expect(answer.serviceAccount.secrets[0]?.secret).toBe(mock.state.serviceAccounts.get(answer.serviceAccount.clientId)?.secrets[0]?.value);
  });

  it("checks orgs create's options before sending: an owner with an API key, key options that go together, a key or an account", async () => {
    const results = await Promise.all([
      run(["orgs", "create", "x"]),
      run(["orgs", "create", "x", "--org-owner-id", mock.credentials.user.id, "--api-key-description", "d"]),
      run(["orgs", "create", "x", "--org-owner-id", mock.credentials.user.id, "--service-account-name", "n"]),
      run(["orgs", "create", "x", "--org-owner-id", mock.credentials.user.id, "--api-key-description", "d", "--api-key-role", "ORG_OWNER", "--service-account-name", "n",
        "--service-account-description", "d", "--service-account-role", "ORG_OWNER", "--service-account-secret-expires-after-hours", "1"]),
    ]);
    expect(results.map((result) => result.stderr)).toEqual([
      "error: USAGE — --org-owner-id (--ownerId) is required when an API key creates an organization: give the id of the user who will own it\n",
      "error: USAGE — --api-key-description and --api-key-role go together\n",
      "error: USAGE — a service account for the new organization also needs --service-account-description, --service-account-role, --service-account-secret-expires-after-hours\n",
      "error: USAGE — ask for an API key (--api-key-…) or a service account (--service-account-…) for the new organization, not both\n",
    ]);
    expect(mock.state.requests).toEqual([]);
  });

  it("gives orgs create one JSON shape, { organization, … }, whatever --api", async () => {
    const atlas = JSON.parse((await run(["--json", "orgs", "create", "a1", "--org-owner-id", mock.credentials.user.id])).stdout) as object;
    const v1 = JSON.parse((await run(["--json", "--api", "atlas-v1", "orgs", "create", "a2", "--org-owner-id", mock.credentials.user.id])).stdout) as object;
    const { username, password } = mock.credentials.user;
    const cm = JSON.parse((await run(["--json", "--api", "cloud-manager", "--public-key", username, "--private-key", password, "orgs", "create", "a3"])).stdout) as object;
    for (const [answer, name] of [[atlas, "a1"], [v1, "a2"], [cm, "a3"]] as const) expect(answer).toMatchObject({ organization: { name, id: expect.stringMatching(/^[a-f0-9]{24}$/) } });
  });
});

describe("legacy Atlas v1.0 organizations", () => {
  it("describes, renames and deletes an organization with --api atlas-v1", async () => {
    const described = await run(["--json", "--api", "atlas-v1", "orgs", "describe", orgId]);
    expect(JSON.parse(described.stdout)).toMatchObject({ id: orgId });
    expect((await run(["--api", "atlas-v1", "orgs", "rename", orgId, "renamed-v1"])).code).toBe(0);
    expect(mock.state.organizations.get(orgId)?.name).toBe("renamed-v1");
    expect((await run(["--api", "atlas-v1", "orgs", "delete", orgId, "--force"])).code).toBe(0);
    expect(mock.state.requests.map((request) => `${request.method} ${request.url}`)).toContain(`DELETE /api/atlas/v1.0/orgs/${orgId}`);
    expect(mock.state.organizations.has(orgId)).toBe(false);
  });
});

describe("errors and the network, for scripts", () => {
  it("writes errors as one JSON object on stderr with JSON output, commander's own included", async () => {
    await run(["teams", "create", "dbas", "--org-id", orgId]);
    const duplicate = await run(["-o", "json", "teams", "create", "dbas", "--org-id", orgId]);
    expect(duplicate.code).toBe(1);
    expect(JSON.parse(duplicate.stderr)).toEqual({
      errorCode: "TEAM_NAME_NOT_AVAILABLE",
      detail: `A team named dbas already exists in organization ${orgId}.`,
      exitCode: 1,
      status: 409,
    });
    const parsing = await run(["--json", "orgs", "get", "not-an-id"]);
    expect(parsing.code).toBe(2);
    expect(JSON.parse(parsing.stderr)).toEqual({ errorCode: "USAGE", detail: expect.stringContaining("orgId must match"), exitCode: 2 });
  });

  it("times a call out after --timeout, saying what timed out, with exit 3", async () => {
    mock.faults.latency(2000);
    const result = await run(["--timeout", "0.2", "orgs", "list"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: TIMEOUT — GET ${mock.url}/api/atlas/v2/orgs: no complete answer within 0.2 s (the whole exchange, retries included; raise it with --timeout)\n`);
  });

  it("sends a call again after a transient failure unless --retries 0", async () => {
    mock.faults.failNext(1, { status: 503, retryAfter: 0 });
    expect((await run(["orgs", "list"])).code).toBe(0);
    mock.faults.failNext(1, { status: 503, retryAfter: 0 });
    expect(await run(["--retries", "0", "orgs", "list"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: SERVICE_UNAVAILABLE — /) });
  });

  it("names the base URL's problem once", async () => {
    const result = await run(["--base-url", "ftp://example.com", "orgs", "list"]);
    expect(result.stderr.split("\n")[0]).toBe("error: option '--base-url <url>' argument 'ftp://example.com' is invalid. Must use http or https.");
  });

  it("masks a password typed without its flag, which commander takes for a command", async () => {
    const result = await runInProcess(["--public-key", "ann@example.com", "ann-mock-password", "orgs", "list"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown command '***'");
    expect(result.stderr).not.toContain("ann-mock-password");
  });
});
