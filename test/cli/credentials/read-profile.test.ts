import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliLocalError } from "../../../src/cli/errors/cli-local-error.js";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { atlasCliConfigPath, readProfile } from "../../../src/cli/credentials/read-profile.js";

let configHome = "";

const CONFIG = `
[default]
  public_api_key = "defaultpub"
  private_api_key = "default-private"
  org_id = "650000000000000000000001"
  output = "json"

[gov]
  client_id = "mdb_sa_id_gov"
  client_secret = "mdb_sa_sk_gov"
  service = "cloudgov"
  project_id = "ignored"

[onprem]
  public_api_key = "ompub"
  private_api_key = "om-private"
  ops_manager_url = "http://om.example.com:8080"
`;

beforeAll(async () => {
  configHome = await mkdtemp(join(tmpdir(), "atlascli-config-"));
  await mkdir(join(configHome, "atlascli"));
  await writeFile(join(configHome, "atlascli", "config.toml"), CONFIG);
});
afterAll(() => rm(configHome, { recursive: true, force: true }));

describe("atlasCliConfigPath", () => {
  it("follows $XDG_CONFIG_HOME, else the platform's configuration folder", () => {
    expect(atlasCliConfigPath({ XDG_CONFIG_HOME: "/xdg", HOME: "/home/ann" }, "linux")).toBe(join("/xdg", "atlascli", "config.toml"));
    expect(atlasCliConfigPath({ HOME: "/home/ann" }, "linux")).toBe(join("/home/ann", ".config", "atlascli", "config.toml"));
    expect(atlasCliConfigPath({ HOME: "/Users/ann" }, "darwin")).toBe(join("/Users/ann", "Library", "Application Support", "atlascli", "config.toml"));
    expect(atlasCliConfigPath({ APPDATA: "C:\\Users\\ann\\AppData\\Roaming" }, "win32")).toBe(join("C:\\Users\\ann\\AppData\\Roaming", "atlascli", "config.toml"));
  });
});

describe("readProfile", () => {
  const env = () => ({ XDG_CONFIG_HOME: configHome });

  it("reads the default profile when none is named, under the environment variables' names", () => {
    expect(readProfile(undefined, env())).toEqual({
      MONGODB_ATLAS_PUBLIC_API_KEY: "defaultpub",
      MONGODB_ATLAS_PRIVATE_API_KEY: "default-private",
      MONGODB_ATLAS_ORG_ID: "650000000000000000000001",
      MONGODB_ATLAS_OUTPUT: "json",
    });
  });

  it("reads a named profile: a service account with its service, an Ops Manager URL", () => {
    expect(readProfile("gov", env())).toEqual({ MONGODB_ATLAS_CLIENT_ID: "mdb_sa_id_gov", MONGODB_ATLAS_CLIENT_SECRET: "mdb_sa_sk_gov", MONGODB_ATLAS_SERVICE: "cloudgov" });
    expect(readProfile("onprem", env())).toMatchObject({ MONGODB_ATLAS_OPS_MANAGER_URL: "http://om.example.com:8080" });
  });

  it("is empty without a file unless a profile was named, which is a usage error", () => {
    const missing = { XDG_CONFIG_HOME: join(configHome, "nowhere") };
    expect(readProfile(undefined, missing)).toEqual({});
    expect(() => readProfile("work", missing)).toThrow(CliUsageError);
    expect(() => readProfile("work", env())).toThrow(`no profile "work" in ${join(configHome, "atlascli", "config.toml")}`);
  });

  it("refuses a file that is not TOML without quoting it (it may hold a key)", async () => {
    const broken = await mkdtemp(join(tmpdir(), "atlascli-broken-"));
    await mkdir(join(broken, "atlascli"));
    await writeFile(join(broken, "atlascli", "config.toml"), '[default]\nprivate_api_key = "s3cr3t-in-file\n');
    try {
      const read = () => readProfile(undefined, { XDG_CONFIG_HOME: broken });
      expect(read).toThrow(CliLocalError);
      expect(read).toThrow(/is not valid TOML \(line \d+, column \d+\)$/);
      expect(read).not.toThrow(/s3cr3t/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
