import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** The programs the interop suite drives, by absolute path; `undefined` when not installed. */
export interface InteropTools {
  readonly apache: string | undefined;
  readonly lighttpd: string | undefined;
  readonly curl: string | undefined;
  /** A `python3` that can `import requests`. */
  readonly python: string | undefined;
}

/** The one line said when something is missing: what, what follows, and the script that installs it. */
export function installHint(missing: readonly string[], consequence: string): string {
  return `interop: ${missing.join(", ")} not installed, ${consequence} — run scripts/install-interop-deps.sh (apt-get install ${missing.join(" ")})`;
}

/**
 * Finds the servers and the clients. Apache and lighttpd live in /usr/sbin, which is not on
 * every user's PATH, so that folder is looked at too.
 */
export function findInteropTools(): InteropTools {
  const python = locate("python3");
  const withRequests = python !== undefined && spawnSync(python, ["-c", "import requests"]).status === 0;
  return { apache: locate("apache2"), lighttpd: locate("lighttpd"), curl: locate("curl"), python: withRequests ? python : undefined };
}

/** The Debian package names of the tools that are missing. */
export function missingPackages(tools: InteropTools): string[] {
  const packages: Array<[string | undefined, string]> = [
    [tools.apache, "apache2"],
    [tools.lighttpd, "lighttpd"],
    [tools.curl, "curl"],
    [tools.python, "python3-requests"],
  ];
  return packages.filter(([path]) => path === undefined).map(([, name]) => name);
}

function locate(program: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${program}`], { encoding: "utf8" });
  const onPath = found.status === 0 ? found.stdout.trim() : "";
  if (onPath) return onPath;
  return [`/usr/sbin/${program}`, `/usr/bin/${program}`].find((path) => existsSync(path));
}
