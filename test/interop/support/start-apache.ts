import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCESS_LOG_FORMAT, loggedRequests, type LoggedRequest } from "./access-log.js";
import { freePort } from "./free-port.js";
import { htdigestLine } from "./htdigest-line.js";
import { JSON_HANDLER_SCRIPT } from "./json-handler-script.js";
import { startServerProcess } from "./server-process.js";

const MODULES = "/usr/lib/apache2/modules";

/** How the digest gate of one Apache instance behaves. */
export interface ApacheOptions {
  /** The `apache2` binary. */
  readonly binary: string;
  /** `AuthDigestNcCheck`: refuse an `nc` that is not the next one for the client record. */
  readonly ncCheck: boolean;
  /** `AuthDigestNonceLifetime` in seconds (Apache's default is 300). */
  readonly nonceLifetimeSeconds?: number;
  readonly realm: string;
  readonly user: string;
  readonly password: string;
}

/** An Apache httpd with mod_auth_digest in front of a JSON handler, in a temporary folder. */
export interface ApacheServer {
  /** `http://127.0.0.1:<port>`; every path under `/api/` is behind the digest gate. */
  readonly origin: string;
  /** The requests Apache logged (401s included) whose `User-Agent` carries `tag`. */
  requests(tag: string): Promise<LoggedRequest[]>;
  /** Rewrites the password file; Apache reads it on every request. */
  setPassword(password: string): Promise<void>;
  /** Stops Apache and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts Apache httpd (prefork + mod_cgi) on a free loopback port with a config written to a
 * temporary folder, never touching the system's configuration.
 */
export async function startApache(options: ApacheOptions): Promise<ApacheServer> {
  const dir = await mkdtemp(join(tmpdir(), "interop-apache-"));
  const port = await freePort();
  const files = {
    conf: join(dir, "httpd.conf"),
    htdigest: join(dir, "htdigest"),
    accessLog: join(dir, "access.log"),
    errorLog: join(dir, "error.log"),
    script: join(dir, "cgi-bin", "api.cgi"),
  };
  const setPassword = (password: string): Promise<void> =>
    writeFile(files.htdigest, htdigestLine(options.user, options.realm, password), { mode: 0o644 });
  // Apache started by root runs its workers as www-data, which must reach the script and the password file.
  await chmod(dir, 0o755);
  await mkdir(join(dir, "cgi-bin"), { mode: 0o755 });
  await writeFile(files.script, JSON_HANDLER_SCRIPT, { mode: 0o755 });
  await setPassword(options.password);
  await writeFile(files.conf, apacheConfig({ ...options, dir, port, ...files }));
  const process_ = await startServerProcess({
    name: "apache2",
    command: options.binary,
    args: ["-f", files.conf, "-DFOREGROUND"],
    port,
    errorLog: files.errorLog,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    requests: (tag) => loggedRequests(files.accessLog, tag),
    setPassword,
    stop: async () => {
      await process_.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface ConfigInput extends ApacheOptions {
  readonly dir: string;
  readonly port: number;
  readonly htdigest: string;
  readonly accessLog: string;
  readonly errorLog: string;
  readonly script: string;
}

function apacheConfig(input: ConfigInput): string {
  const modules = ["mpm_prefork", "authn_core", "authn_file", "authz_core", "authz_user", "auth_digest", "alias", "cgi", "log_config", "unixd"];
  const runAs = process.getuid?.() === 0 ? ["User www-data", "Group www-data"] : [];
  return [
    `ServerRoot "${input.dir}"`,
    `DefaultRuntimeDir "${input.dir}"`,
    `PidFile "${join(input.dir, "httpd.pid")}"`,
    // Debian compiles log_config and unixd in; other builds load them as modules.
    ...modules.map((name) => `<IfModule !${name}_module>\n  LoadModule ${name}_module ${MODULES}/mod_${name}.so\n</IfModule>`),
    ...runAs,
    `Listen 127.0.0.1:${input.port}`,
    "ServerName 127.0.0.1",
    // Enough workers up front that 20 concurrent calls never wait for prefork to spawn more.
    "StartServers 24",
    "MinSpareServers 24",
    "MaxSpareServers 48",
    "ServerLimit 64",
    "MaxRequestWorkers 64",
    "KeepAlive On",
    `ErrorLog "${input.errorLog}"`,
    "LogLevel warn auth_digest:info",
    `LogFormat "${ACCESS_LOG_FORMAT.replaceAll("\t", "\\t")}" interop`,
    `CustomLog "${input.accessLog}" interop`,
    "AuthDigestShmemSize 64K",
    `ScriptAliasMatch "^/api/" "${input.script}"`,
    `<Location "/api/">`,
    "  AuthType Digest",
    `  AuthName "${input.realm}"`,
    "  AuthDigestDomain /api/",
    "  AuthDigestProvider file",
    `  AuthUserFile "${input.htdigest}"`,
    `  AuthDigestNcCheck ${input.ncCheck ? "On" : "Off"}`,
    `  AuthDigestNonceLifetime ${input.nonceLifetimeSeconds ?? 300}`,
    "  Require valid-user",
    "</Location>",
    "",
  ].join("\n");
}
