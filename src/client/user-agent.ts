/** This package's version; a test checks it against package.json. */
export const VERSION = "0.1.0";

/**
 * The `User-Agent` the client sends: the package, its version and the runtime, then the
 * user's own suffix (e.g. `"my-portal/2.3"`), so MongoDB's logs can tell callers apart.
 */
export function userAgent(suffix?: string): string {
  const runtime = typeof process === "object" && process.versions?.node ? `node/${process.versions.node}; ${process.platform} ${process.arch}` : "unknown runtime";
  const base = `atlas-admin-client/${VERSION} (${runtime})`;
  return suffix ? `${base} ${suffix}` : base;
}
