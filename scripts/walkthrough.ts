/**
 * `npm start`: the library's main job, run against an embedded mock server, so it needs
 * no Atlas account. On each of the four APIs it creates an organization, switches to the
 * credentials that organization can be run with, creates teams, adds a user and pages
 * through the teams; it prints one line per step and, at the end, the HTTP round trips
 * and token requests it used (counted by its own `fetch` and checked against the mock's).
 *
 *   tsx scripts/walkthrough.ts
 */
import { pathToFileURL } from "node:url";
import {
  createAtlasClient,
  createCloudManagerClient,
  createOpsManagerClient,
  digestAuth,
  isAtlasApiError,
  paginate,
  serviceAccountAuth,
  unwrap,
  type FetchLike,
} from "../src/index.js";
import { startMockServer, type MockServer } from "../src/mock/index.js";

/** One line of the walkthrough. */
export interface WalkthroughStep {
  /** The API section the step belongs to. */
  readonly section: string;
  readonly label: string;
  /** `done`, a refusal the documents announce (`refused`, with its error code), or a `note` (no request). */
  readonly outcome: "done" | "refused" | "note";
  readonly errorCode?: string;
  /** HTTP round trips the step cost. */
  readonly roundTrips: number;
}

/** What the walkthrough did and what it cost. */
export interface WalkthroughResult {
  readonly steps: readonly WalkthroughStep[];
  /** HTTP round trips counted by the walkthrough's `fetch` (token requests included). */
  readonly roundTrips: number;
  /** Requests to `/api/oauth/token`. */
  readonly tokenRequests: number;
  /** The same two counts as the mock saw them. */
  readonly mockCounters: { readonly httpRequests: number; readonly tokenRequests: number };
}

interface Named {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
}

interface User {
  readonly id?: string | undefined;
  readonly username?: string | undefined;
}

/** The calls that differ from one API to the next; the work done with them does not. */
interface TeamCalls {
  listUsers(): AsyncIterable<User>;
  createTeam(name: string): Promise<Named>;
  addUser(teamId: string, userId: string): Promise<unknown>;
  /** The teams, asking for one per page so the paging shows. */
  teamsOnePerPage(): AsyncIterable<Named>;
}

/** Runs the walkthrough against a fresh embedded mock server, writing one line at a time to `write`. */
export async function runWalkthrough(write: (line: string) => void): Promise<WalkthroughResult> {
  const mock = await startMockServer();
  const traffic = { roundTrips: 0, tokenRequests: 0 };
  const fetch: FetchLike = (request) => {
    traffic.roundTrips += 1;
    if (new URL(request.url).pathname === "/api/oauth/token") traffic.tokenRequests += 1;
    return globalThis.fetch(request);
  };
  const log = createLog(write, traffic);
  try {
    write(`atlas-admin-client walkthrough against an embedded mock server at ${mock.url}`);
    await atlasV2(log, mock, fetch);
    await atlasV1(log, mock, fetch);
    await cloudManager(log, mock, fetch);
    await opsManager(log, mock, fetch);
    const mockCounters = { ...mock.state.counters };
    write("");
    write(summary(log.steps));
    write(`HTTP round trips: ${traffic.roundTrips} (the mock counted ${mockCounters.httpRequests})`);
    write(`Token requests:   ${traffic.tokenRequests} (the mock counted ${mockCounters.tokenRequests})`);
    return { steps: log.steps, ...traffic, mockCounters };
  } finally {
    await mock.close();
  }
}

async function atlasV2(log: Log, mock: MockServer, fetch: FetchLike): Promise<void> {
  const { apiKey, user } = mock.credentials;
  log.section(`Atlas Administration API v2, API key ${apiKey.publicKey} (HTTP Digest)`);
  const admin = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(apiKey), fetch });
  const body = {
    name: "walkthrough-v2",
    orgOwnerId: user.id,
    serviceAccount: { name: "walkthrough-bot", description: "Runs the walkthrough's organization", roles: ["ORG_OWNER" as const], secretExpiresAfterHours: 24 },
  };
  const created = await log.step(`create organization "${body.name}" with service account "${body.serviceAccount.name}"`, async () =>
    unwrap(await admin.POST("/api/atlas/v2/orgs", { body })),
    (data) => `org ${data.organization?.id}, client ${data.serviceAccount?.clientId}`,
  );
  const orgId = present(created.organization?.id, "organization id");
  const clientId = present(created.serviceAccount?.clientId, "service account client id");
  const clientSecret = present(created.serviceAccount?.secrets?.[0]?.secret, "service account secret");
  log.note(`switch to service account ${clientId} (OAuth 2.0 client credentials; its secret was shown once)`);
  const auth = serviceAccountAuth({ clientId, clientSecret });
  const atlas = createAtlasClient({ baseUrl: mock.url, auth, fetch });
  const path = { orgId };
  await teamWork(log, mock, {
    listUsers: () => paginate(atlas, "/api/atlas/v2/orgs/{orgId}/users", { params: { path } }),
    createTeam: async (name) => unwrap(await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path }, body: { name, usernames: [] } })),
    addUser: async (teamId, id) =>
      unwrap(await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams/{teamId}:addUser", { params: { path: { orgId, teamId } }, body: { id } })),
    teamsOnePerPage: () => paginate(atlas, "/api/atlas/v2/orgs/{orgId}/teams", { params: { path, query: { itemsPerPage: 1 } } }),
  });
  await log.step("revoke the service account's token", () => auth.revoke(), () => "the next call would ask for a new one");
}

async function atlasV1(log: Log, mock: MockServer, fetch: FetchLike): Promise<void> {
  const { apiKey, user } = mock.credentials;
  log.section(`Atlas Administration API v1.0, API key ${apiKey.publicKey} (HTTP Digest)`);
  const admin = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(apiKey), fetch });
  const body = { name: "walkthrough-v1", orgOwnerId: user.id, apiKey: { desc: "Runs the walkthrough's organization", roles: ["ORG_OWNER" as const] } };
  const created = await log.step(`create organization "${body.name}" with a new API key`, async () =>
    unwrap(await admin.POST("/api/atlas/v1.0/orgs", { body })),
    (data) => `org ${data.organization?.id}, API key ${data.apiKey?.publicKey}`,
  );
  const orgId = present(created.organization?.id, "organization id");
  const publicKey = present(created.apiKey?.publicKey, "API key public key");
  const privateKey = present(created.apiKey?.privateKey, "API key private key");
  log.note(`switch to the new API key ${publicKey} (HTTP Digest; its private key was shown once)`);
  const atlas = createAtlasClient({ baseUrl: mock.url, auth: digestAuth({ publicKey, privateKey }), fetch });
  const path = { orgId };
  await teamWork(log, mock, {
    listUsers: () => paginate(atlas, "/api/atlas/v1.0/orgs/{orgId}/users", { params: { path } }),
    createTeam: async (name) => unwrap(await atlas.POST("/api/atlas/v1.0/orgs/{orgId}/teams", { params: { path }, body: { name, usernames: [] } })),
    addUser: async (teamId, id) =>
      unwrap(await atlas.POST("/api/atlas/v1.0/orgs/{orgId}/teams/{teamId}/users", { params: { path: { orgId, teamId } }, body: [{ id }] })),
    teamsOnePerPage: () => paginate(atlas, "/api/atlas/v1.0/orgs/{orgId}/teams", { params: { path, query: { itemsPerPage: 1 } } }),
  });
}

async function cloudManager(log: Log, mock: MockServer, fetch: FetchLike): Promise<void> {
  const { apiKey, user } = mock.credentials;
  log.section("Cloud Manager public API v1.0 (HTTP Digest)");
  const withKey = createCloudManagerClient({ baseUrl: mock.url, auth: digestAuth(apiKey), fetch });
  await log.refusal(
    `create organization "walkthrough-cm" with API key ${apiKey.publicKey}`,
    "API_KEY_CANNOT_CREATE_ORG",
    async () => unwrap(await withKey.POST("/api/public/v1.0/orgs", { body: { name: "walkthrough-cm" } })),
  );
  const cloud = createCloudManagerClient({ baseUrl: mock.url, auth: digestAuth({ publicKey: user.username, privateKey: user.password }), fetch });
  const created = await log.step(`create organization "walkthrough-cm" with user credentials (${user.username})`, async () =>
    unwrap(await cloud.POST("/api/public/v1.0/orgs", { body: { name: "walkthrough-cm" } })),
    (org) => `org ${org.id}`,
  );
  const path = { orgId: present(created.id, "organization id") };
  await teamWork(log, mock, {
    listUsers: () => paginate(cloud, "/api/public/v1.0/orgs/{orgId}/users", { params: { path } }),
    createTeam: async (name) => unwrap(await cloud.POST("/api/public/v1.0/orgs/{orgId}/teams", { params: { path }, body: { name, usernames: [] } })),
    addUser: async (teamId, id) =>
      unwrap(await cloud.POST("/api/public/v1.0/orgs/{orgId}/teams/{teamId}/users", { params: { path: { ...path, teamId } }, body: [{ id }] })),
    teamsOnePerPage: () => paginate(cloud, "/api/public/v1.0/orgs/{orgId}/teams", { params: { path, query: { itemsPerPage: 1 } } }),
  });
}

async function opsManager(log: Log, mock: MockServer, fetch: FetchLike): Promise<void> {
  const { opsManagerApiKey } = mock.credentials;
  log.section(`Ops Manager public API v1.0, global-owner API key ${opsManagerApiKey.publicKey} (HTTP Digest)`);
  const ops = createOpsManagerClient({ baseUrl: mock.url, auth: digestAuth(opsManagerApiKey), fetch });
  const ldapGroupMappings = [
    { roleName: "ORG_OWNER" as const, ldapGroups: ["cn=dbas,ou=groups,dc=example,dc=com"] },
    { roleName: "ORG_MEMBER" as const, ldapGroups: ["cn=developers,ou=groups,dc=example,dc=com"] },
  ];
  const created = await log.step(
    `create organization "walkthrough-om" with LDAP mappings ${ldapGroupMappings.map((mapping) => `${mapping.roleName} → ${mapping.ldapGroups.join(" ")}`).join(", ")}`,
    async () => unwrap(await ops.POST("/api/public/v1.0/orgs", { body: { name: "walkthrough-om", ldapGroupMappings } })),
    (org) => `org ${org.id}`,
  );
  const path = { orgId: present(created.id, "organization id") };
  await teamWork(log, mock, {
    listUsers: () => paginate(ops, "/api/public/v1.0/orgs/{orgId}/users", { params: { path } }),
    createTeam: async (name) => unwrap(await ops.POST("/api/public/v1.0/orgs/{orgId}/teams", { params: { path }, body: { name, usernames: [] } })),
    addUser: async (teamId, id) =>
      unwrap(await ops.POST("/api/public/v1.0/orgs/{orgId}/teams/{teamId}/users", { params: { path: { ...path, teamId } }, body: [{ id }] })),
    teamsOnePerPage: () => paginate(ops, "/api/public/v1.0/orgs/{orgId}/teams", { params: { path, query: { itemsPerPage: 1 } } }),
  });
}

/**
 * The same work on every API: find a member, create two teams, add the member to one,
 * page through the teams. An organization without members (Ops Manager's, whose members
 * come from the mapped LDAP groups) shows the rule that a team's users must be members.
 */
async function teamWork(log: Log, mock: MockServer, calls: TeamCalls): Promise<void> {
  const users = await log.step("list the organization's users", () => collect(calls.listUsers()), (found) =>
    found.length === 0 ? "none yet" : found.map((user) => `${user.username} (${user.id})`).join(", "),
  );
  const dbas = await log.step('create team "dbas"', () => calls.createTeam("dbas"), (team) => `team ${team.id}`);
  await log.step('create team "app-devs"', () => calls.createTeam("app-devs"), (team) => `team ${team.id}`);
  const teamId = present(dbas.id, "team id");
  const member = users[0];
  if (member) {
    const userId = present(member.id, "user id");
    await log.step(`add ${member.username} to "dbas"`, () => calls.addUser(teamId, userId), () => `user ${userId}`);
  } else {
    const outsider = mock.credentials.user;
    await log.refusal(`add ${outsider.username} to "dbas"`, "USER_NOT_IN_ORG", () => calls.addUser(teamId, outsider.id));
  }
  await log.step("page through the teams, one per page", () => collect(calls.teamsOnePerPage()), (teams) =>
    teams.map((team) => team.name).join(", "),
  );
}

interface Log {
  readonly steps: WalkthroughStep[];
  section(title: string): void;
  note(text: string): void;
  /** Runs one step; prints ✓ with what `describe` says, or ✗ with the error, which it rethrows. */
  step<T>(label: string, run: () => Promise<T>, describe: (value: T) => string): Promise<T>;
  /** Runs a step the documents say must be refused with `errorCode`; anything else is a failure. */
  refusal(label: string, errorCode: string, run: () => Promise<unknown>): Promise<void>;
}

function createLog(write: (line: string) => void, traffic: { readonly roundTrips: number }): Log {
  const steps: WalkthroughStep[] = [];
  let section = "";
  const trips = (count: number): string => `(${count} round trip${count === 1 ? "" : "s"})`;
  const record = (step: Omit<WalkthroughStep, "section">): void => {
    steps.push({ section, ...step });
  };
  return {
    steps,
    section(title) {
      section = title;
      write("");
      write(title);
    },
    note(text) {
      record({ label: text, outcome: "note", roundTrips: 0 });
      write(`  → ${text}`);
    },
    async step(label, run, describe) {
      const before = traffic.roundTrips;
      try {
        const value = await run();
        const roundTrips = traffic.roundTrips - before;
        record({ label, outcome: "done", roundTrips });
        write(`  ✓ ${label}: ${describe(value)} ${trips(roundTrips)}`);
        return value;
      } catch (error) {
        write(`  ✗ ${label}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
    async refusal(label, errorCode, run) {
      const before = traffic.roundTrips;
      try {
        await run();
      } catch (error) {
        if (!isAtlasApiError(error, errorCode)) throw error;
        const roundTrips = traffic.roundTrips - before;
        record({ label, outcome: "refused", errorCode, roundTrips });
        write(`  ✗ ${label}: refused as documented, ${errorCode}: ${error.detail ?? ""} ${trips(roundTrips)}`);
        return;
      }
      throw new Error(`${label} should have been refused with ${errorCode}`);
    },
  };
}

function summary(steps: readonly WalkthroughStep[]): string {
  const done = steps.filter((step) => step.outcome === "done").length;
  const refused = steps.filter((step) => step.outcome === "refused").length;
  return `Done: ${done} steps succeeded, ${refused} refused as the documents say they must be.`;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the answer carried no ${what}`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runWalkthrough((line) => console.log(line)).catch((error: unknown) => {
    console.error(`walkthrough failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
