/**
 * Profiles of the Atlas CLI's own configuration file (`config.toml`), so that a user who
 * has set up the Atlas CLI needs no flags. A profile's values are folded in beneath the
 * environment, under the environment variables' names: flags win over the environment,
 * the environment over the profile.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { CliUsageError } from "../errors/cli-usage-error.js";
import { CliLocalError } from "../errors/cli-local-error.js";

/** The profile used when `-P/--profile` is not given, as in the Atlas CLI. */
export const DEFAULT_PROFILE = "default";

/** A profile's properties and the environment variable each one stands in for. */
const PROPERTY_ENV: Readonly<Record<string, string>> = {
  public_api_key: "MONGODB_ATLAS_PUBLIC_API_KEY",
  private_api_key: "MONGODB_ATLAS_PRIVATE_API_KEY",
  client_id: "MONGODB_ATLAS_CLIENT_ID",
  client_secret: "MONGODB_ATLAS_CLIENT_SECRET",
  org_id: "MONGODB_ATLAS_ORG_ID",
  output: "MONGODB_ATLAS_OUTPUT",
  ops_manager_url: "MONGODB_ATLAS_OPS_MANAGER_URL",
  service: "MONGODB_ATLAS_SERVICE",
};

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the Atlas CLI keeps `config.toml`: `$XDG_CONFIG_HOME/atlascli/` when that is set,
 * else the platform's configuration folder (`~/.config/atlascli/` on Linux,
 * `~/Library/Application Support/atlascli/` on macOS, `%AppData%\atlascli\` on Windows).
 */
export function atlasCliConfigPath(env: Env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const xdg = env.XDG_CONFIG_HOME;
  const base =
    xdg !== undefined && xdg !== ""
      ? xdg
      : platform === "darwin"
        ? join(home, "Library", "Application Support")
        : platform === "win32"
          ? (env.APPDATA ?? join(home, "AppData", "Roaming"))
          : join(home, ".config");
  return join(base, "atlascli", "config.toml");
}

/**
 * The environment variables a profile stands in for (`MONGODB_ATLAS_PUBLIC_API_KEY`, …).
 * Without `name`, the `default` profile when the file has one, else nothing.
 *
 * @throws {@link CliUsageError} when the named profile is not in the file (or there is no
 * file); {@link CliLocalError} when the file cannot be read or is not TOML.
 */
export function readProfile(name: string | undefined, env: Env, platform: NodeJS.Platform = process.platform): Record<string, string> {
  const path = atlasCliConfigPath(env, platform);
  const text = readConfig(path, name);
  if (text === undefined) return {};
  let tables: Record<string, unknown>;
  try {
    tables = parse(text);
  } catch (error) {
    // The parser's message quotes the line, which may hold a key: give only its position.
    const { line, column } = error as { line?: number; column?: number };
    throw new CliLocalError("PROFILE_UNREADABLE", `${path} is not valid TOML (line ${line ?? "?"}, column ${column ?? "?"})`);
  }
  const profile = tables[name ?? DEFAULT_PROFILE];
  if (profile === undefined || typeof profile !== "object" || profile === null) {
    if (name === undefined) return {};
    throw new CliUsageError(`no profile "${name}" in ${path}`);
  }
  const vars: Record<string, string> = {};
  for (const [property, value] of Object.entries(profile)) {
    const variable = PROPERTY_ENV[property];
    if (variable !== undefined && typeof value === "string" && value !== "") vars[variable] = value;
  }
  return vars;
}

function readConfig(path: string, name: string | undefined): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT") throw new CliLocalError("PROFILE_UNREADABLE", `cannot read ${path} (${code ?? "error"})`);
    if (name !== undefined) throw new CliUsageError(`no profile "${name}": ${path} does not exist (the Atlas CLI writes it with \`atlas config init\`)`);
    return undefined;
  }
}
