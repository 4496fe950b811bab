import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ACCESS_LOG_FORMAT, loggedRequests, type LoggedRequest } from "./access-log.js";
import { freePort } from "./free-port.js";
import { htdigestLine } from "./htdigest-line.js";
import { JSON_HANDLER_SCRIPT } from "./json-handler-script.js";
import { startServerProcess } from "./server-process.js";

/** One lighttpd instance's digest gate: `auth.require` with `"algorithm" => "SHA-256"`. */
export interface LighttpdOptions {
  /** The `lighttpd` binary. */
  readonly binary: string;
  readonly realm: string;
  readonly user: string;
  readonly password: string;
}

/** lighttpd with mod_auth (htdigest backend, SHA-256) in front of a JSON handler. */
export interface LighttpdServer {
  /** `http://127.0.0.1:<port>`; every path is behind the digest gate. */
  readonly origin: string;
  /** The requests lighttpd logged (401s included) whose `User-Agent` carries `tag`. */
  requests(tag: string): Promise<LoggedRequest[]>;
  /** Stops lighttpd and removes the folder. */
  stop(): Promise<void>;
}

/**
 * Starts lighttpd on a free loopback port with a config written to a temporary folder. Every
 * path is rewritten to one CGI script, so GET and POST both get JSON.
 */
export async function startLighttpd(options: LighttpdOptions): Promise<LighttpdServer> {
  const dir = await mkdtemp(join(tmpdir(), "interop-lighttpd-"));
  const port = await freePort();
  const files = {
    conf: join(dir, "lighttpd.conf"),
    htdigest: join(dir, "htdigest"),
    accessLog: join(dir, "access.log"),
    errorLog: join(dir, "error.log"),
    script: join(dir, "api.cgi"),
  };
  // For SHA-256 lighttpd wants the line's hash to be SHA-256(user:realm:password).
  await writeFile(files.htdigest, htdigestLine(options.user, options.realm, options.password, "sha256"));
  await writeFile(files.script, JSON_HANDLER_SCRIPT, { mode: 0o755 });
  await writeFile(files.conf, lighttpdConfig({ ...options, dir, port, ...files }));
  const process_ = await startServerProcess({
    name: "lighttpd",
    command: options.binary,
    args: ["-D", "-f", files.conf],
    port,
    errorLog: files.errorLog,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    // lighttpd buffers its access log and writes it out on SIGHUP.
    requests: (tag) => loggedRequests(files.accessLog, tag, () => process_.signal("SIGHUP")),
    stop: async () => {
      await process_.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface ConfigInput extends LighttpdOptions {
  readonly dir: string;
  readonly port: number;
  readonly htdigest: string;
  readonly accessLog: string;
  readonly errorLog: string;
  readonly script: string;
}

function lighttpdConfig(input: ConfigInput): string {
  return [
    `server.document-root = "${input.dir}"`,
    `server.bind = "127.0.0.1"`,
    `server.port = ${input.port}`,
    `server.errorlog = "${input.errorLog}"`,
    `server.modules = ("mod_rewrite", "mod_auth", "mod_authn_file", "mod_cgi", "mod_accesslog")`,
    `accesslog.filename = "${input.accessLog}"`,
    // lighttpd spells the final status %s; the tabs are literal.
    `accesslog.format = "${ACCESS_LOG_FORMAT.replace("%>s", "%s")}"`,
    `url.rewrite-once = ("" => "/api.cgi")`,
    `cgi.assign = (".cgi" => "/bin/sh")`,
    `auth.backend = "htdigest"`,
    `auth.backend.htdigest.userfile = "${input.htdigest}"`,
    `auth.require = ("" => ("method" => "digest", "algorithm" => "SHA-256", "realm" => "${input.realm}", "require" => "valid-user"))`,
    "",
  ].join("\n");
}
