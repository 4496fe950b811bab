/**
 * The package as users receive it: a copy of the project is built and packed (`npm pack`
 * runs `prepack`, i.e. `npm run build`), the tarball is installed into a temporary project
 * of its own, and that project imports every entry, type-checks under `--strict`, makes
 * calls against the installed mock server and runs the `atlas-admin` bin. A second project
 * without msw loads the msw-free mock server entry. The copy keeps the checkout's dist/
 * untouched. Slow (build + pack + two installs): about 20 s.
 */
import { execFile } from "node:child_process";
import { access, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const bin = (name: string): string => join(root, "node_modules", ".bin", name);
/** What the checkout holds but a copy to pack must not: installs, outputs, scratch. */
const NOT_COPIED = new Set(["node_modules", ".git", "dist", "coverage", "docs-build", ".tmp"]);
const SETUP_MS = 180_000;
const TSC = join(root, "node_modules", "typescript", "bin", "tsc");

interface Packed {
  /** The copy of the project that was built and packed. */
  readonly source: string;
  /** The consumer project with the tarball installed. */
  readonly consumer: string;
  readonly tarball: string;
  /** The paths inside the tarball, from `npm pack --json`. */
  readonly files: readonly string[];
}

let work = "";
let packed: Packed;

async function sh(command: string, args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
    return stdout;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`);
  }
}

/** Copies the checkout, builds and packs it. `npm pack` runs `prepack` (`npm run build`). */
async function pack(): Promise<Pick<Packed, "source" | "tarball" | "files">> {
  const source = join(work, "source");
  await cp(root, source, { recursive: true, filter: (path) => !NOT_COPIED.has(relative(root, path).split(/[\\/]/)[0] ?? "") });
  // The build's tsc and @types/node come from the checkout's install.
  await symlink(join(root, "node_modules"), join(source, "node_modules"), "dir");
  const [report] = JSON.parse(await sh("npm", ["pack", "--json", "--pack-destination", work], source)) as [
    { filename: string; files: { path: string }[] },
  ];
  return { source, tarball: join(work, report.filename), files: report.files.map((file) => file.path) };
}

// msw's declarations (the mock's optional peer) need the DOM lib, as msw documents; the
// main entry alone does not (see the Node-only check below).
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    outDir: "out",
  },
  files: ["consumer.ts"],
};

/**
 * A user's first program: every entry, a typed call unwrapped, an API error told apart by
 * its code (`unwrap` throws the `AtlasApiError` that `isAtlasApiError` recognises), the
 * outcome printed as JSON.
 */
const CONSUMER = `import { createAtlasClient, digestAuth, isAtlasApiError, unwrap, type AtlasClient } from "atlas-admin-client";
import { createAtlasMock, type AtlasMock } from "atlas-admin-client/mock";
import { startMockServer } from "atlas-admin-client/mock/server";

// The msw handlers a test runner would pass to setupServer; only counted here.
const handlers: AtlasMock["handlers"] = createAtlasMock().handlers;
const mock = await startMockServer();
try {
  const { apiKey, orgId } = mock.credentials;
  const atlas: AtlasClient = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(apiKey) });
  const org = unwrap(await atlas.GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId } } }));
  const name: string | undefined = org.name;
  let missingTeam = "";
  try {
    unwrap(await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId, teamId: "0".repeat(24) } } }));
  } catch (error) {
    if (!isAtlasApiError(error, "TEAM_NOT_FOUND")) throw error;
    missingTeam = error.errorCode;
  }
  console.log(JSON.stringify({ id: org.id, name, missingTeam, handlers: handlers.length }));
} finally {
  await mock.close();
}
`;

/** A user of the mock server alone, run where msw is not installed. */
const SERVER_ONLY_CONSUMER = `import { startMockServer } from "atlas-admin-client/mock/server";

const mock = await startMockServer();
try {
  console.log((await fetch(mock.url + "/api/atlas/v2/orgs")).status);
} finally {
  await mock.close();
}
`;

/** A user of the main entry only, checked with Node's types and no DOM lib. */
const NODE_ONLY_CONSUMER = `import { createAtlasClient, serviceAccountAuth, type AtlasClient } from "atlas-admin-client";

export const atlas: AtlasClient = createAtlasClient({ auth: serviceAccountAuth({ clientId: "id", clientSecret: "secret" }) });
`;

/** A project of its own with the tarball (and msw, the mock's optional peer) installed. */
async function install(tarball: string): Promise<string> {
  const consumer = join(work, "consumer");
  await mkdir(consumer);
  await writeFile(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }, null, 2));
  // The versions this project tests with, so the install is served from the npm cache.
  const devVersions = (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies;
  const peers = ["msw", "@types/node"].map((name) => `${name}@${devVersions[name] as string}`);
  await sh("npm", ["install", tarball, ...peers, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], consumer);
  await writeFile(join(consumer, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  await writeFile(join(consumer, "consumer.ts"), CONSUMER);
  await writeFile(join(consumer, "node-only.ts"), NODE_ONLY_CONSUMER);
  return consumer;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "atlas-package-test-"));
  const { source, tarball, files } = await pack();
  packed = { source, tarball, files, consumer: await install(tarball) };
}, SETUP_MS);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("contains only dist/, README.md, LICENSE and package.json", () => {
    const stray = packed.files.filter((path) => !/^(dist\/|README\.md$|LICENSE$|package\.json$)/.test(path));
    expect(stray).toEqual([]);
  });

  it("contains the JavaScript and declarations of every entry, and the bin", () => {
    for (const entry of ["dist/src/index", "dist/src/mock/index", "dist/src/mock/server"]) {
      expect(packed.files).toContain(`${entry}.js`);
      expect(packed.files).toContain(`${entry}.d.ts`);
    }
    expect(packed.files).toContain("dist/src/cli/main.js");
  });

  it("ships no TypeScript sources, tests or source maps", () => {
    const leaked = packed.files.filter((path) => /(?<!\.d)\.ts$|\.map$|(^|\/)(test|bench|spec)\//.test(path));
    expect(leaked).toEqual([]);
  });

  it("passes publint", async () => {
    const output = await sh(bin("publint"), ["--pack", "false"], packed.source);
    expect(output).toContain("All good!");
  });

  it("passes arethetypeswrong for an ESM-only package", async () => {
    // attw exits non-zero on any problem; its table is in the error when it does.
    await expect(sh(bin("attw"), [packed.tarball, "--profile", "esm-only", "--format", "ascii"], work)).resolves.toContain("atlas-admin-client");
  });

  it("type-checks a consumer of every entry under tsc --strict with NodeNext resolution", async () => {
    await expect(sh("node", [TSC, "-p", "tsconfig.json", "--noEmit"], packed.consumer)).resolves.toBe("");
  });

  it("type-checks a consumer of the main entry with Node's types and no DOM lib", async () => {
    const flags = ["--noEmit", "--strict", "--target", "ES2022", "--lib", "ES2023", "--module", "NodeNext", "--moduleResolution", "NodeNext", "--types", "node"];
    await expect(sh("node", [TSC, ...flags, "node-only.ts"], packed.consumer)).resolves.toBe("");
  });

  it("runs typed calls from the installed package against the installed mock server, an API error recognised by its code", async () => {
    await sh("node", [TSC, "-p", "tsconfig.json", "--noCheck"], packed.consumer);
    const output = await sh("node", ["out/consumer.js"], packed.consumer);
    const printed = JSON.parse(output) as { id: string; name: string; missingTeam: string; handlers: number };
    expect(printed.id).toMatch(/^[0-9a-f]{24}$/);
    expect(printed.name).toBeTruthy();
    expect(printed.missingTeam).toBe("TEAM_NOT_FOUND");
    expect(printed.handlers).toBeGreaterThan(0);
  });

  it("serves the mock from atlas-admin-client/mock/server in a project without msw", async () => {
    const bare = join(work, "without-msw");
    await mkdir(bare);
    await writeFile(join(bare, "package.json"), JSON.stringify({ name: "without-msw", private: true, type: "module" }, null, 2));
    await sh("npm", ["install", packed.tarball, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], bare);
    // msw is an optional peer: npm leaves it out, as a user who never asked for it has it.
    await expect(access(join(bare, "node_modules", "msw"))).rejects.toThrow();
    await writeFile(join(bare, "server-only.mjs"), SERVER_ONLY_CONSUMER);
    expect((await sh("node", ["server-only.mjs"], bare)).trim()).toBe("401");
  }, SETUP_MS);

  it("installs the atlas-admin bin, which prints its help", async () => {
    const output = await sh(join(packed.consumer, "node_modules", ".bin", "atlas-admin"), ["--help"], packed.consumer);
    expect(output).toMatch(/usage/i);
  });

  it("runs the CLI as `npx atlas-admin-client` (the package's own name) from the installed package", async () => {
    const output = await sh("npx", ["--no", "atlas-admin-client", "--version"], packed.consumer);
    expect(output.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
