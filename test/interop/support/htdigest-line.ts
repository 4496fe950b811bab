import { createHash } from "node:crypto";

/**
 * One line of an `htdigest` password file: `user:realm:H(user:realm:password)`. Apache reads
 * MD5 lines; lighttpd takes a SHA-256 line (64 hex digits) for `algorithm => "SHA-256"`.
 */
export function htdigestLine(user: string, realm: string, password: string, hash: "md5" | "sha256" = "md5"): string {
  const ha1 = createHash(hash).update(`${user}:${realm}:${password}`).digest("hex");
  return `${user}:${realm}:${ha1}\n`;
}
