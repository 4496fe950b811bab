import { createServer } from "node:net";

/**
 * A loopback TCP port that is free right now: the kernel picks it for a throwaway
 * listener, which is closed before the port is handed to a server that cannot bind port 0
 * itself (Apache, lighttpd).
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("free-port: no TCP address");
  return address.port;
}
