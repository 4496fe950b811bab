/**
 * A loopback HTTP Digest server for the round-trip benchmark, written from RFC 7616 and
 * sharing no code with the client. It answers like Atlas (`realm="MMS Public API"`, MD5,
 * `qop="auth"`, no `opaque`), checks every response hash, does not enforce the order of
 * `nc` (a load-balanced fleet cannot), and counts what it saw.
 *
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server saw since the last reset. */
export interface DigestServerCounts {
  /** Every request that reached the server. */
  requests: number;
  /** Requests answered 401 with a challenge. */
  challenged: number;
  /** Requests whose `Authorization` checked out. */
  accepted: number;
  /** Accepted requests that repeated a (nonce, nc) pair already seen: a replay to a strict server. */
  repeatedNc: number;
}

/** A running digest server. */
export interface DigestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly counts: DigestServerCounts;
  /** Zeroes the counts and forgets every nonce, so the next client starts cold. */
  reset(): void;
  /** Zeroes the counts only: nonces already handed out stay valid. */
  zeroCounts(): void;
  close(): Promise<void>;
}

const REALM = "MMS Public API";
const NONCE_LIFETIME_MS = 10 * 60_000;
const BODY = JSON.stringify({ results: [{ id: "6f1e7b2a9c4d3e5f60718293", name: "bench" }], totalCount: 1, links: [] });

/** Starts the server on 127.0.0.1 with one API key. */
export async function startDigestServer(username: string, password: string): Promise<DigestServer> {
  const nonces = new Map<string, { issuedAt: number; seen: Set<string> }>();
  const counts: DigestServerCounts = { requests: 0, challenged: 0, accepted: 0, repeatedNc: 0 };

  const zeroCounts = (): void => {
    Object.assign(counts, { requests: 0, challenged: 0, accepted: 0, repeatedNc: 0 });
  };

  const challenge = (response: ServerResponse, stale: boolean): void => {
    const nonce = randomBytes(16).toString("base64");
    nonces.set(nonce, { issuedAt: Date.now(), seen: new Set() });
    counts.challenged += 1;
    response.writeHead(401, {
      "Content-Type": "application/json",
      "WWW-Authenticate": `Digest realm="${REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`,
    });
    response.end(JSON.stringify({ error: 401, errorCode: "NOT_AUTHORIZED", reason: "Unauthorized" }));
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    counts.requests += 1;
    const params = parseAuthorization(request.headers.authorization ?? "");
    const state = nonces.get(params["nonce"] ?? "");
    const fresh = state !== undefined && Date.now() - state.issuedAt < NONCE_LIFETIME_MS;
    if (!params["response"] || !fresh) return challenge(response, params["response"] !== undefined);
    if (params["username"] !== username || params["response"] !== expectedResponse(params, request.method ?? "GET", password)) {
      return challenge(response, false);
    }
    const nc = params["nc"] ?? "";
    if (state.seen.has(nc)) counts.repeatedNc += 1;
    state.seen.add(nc);
    counts.accepted += 1;
    response.writeHead(200, { "Content-Type": "application/vnd.atlas.2023-01-01+json" });
    response.end(BODY);
  };

  const server = createServer((request, response) => {
    // The body is not part of qop=auth; drain it so the connection can be reused.
    request.resume();
    request.on("end", () => handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset: () => {
      nonces.clear();
      zeroCounts();
    },
    zeroCounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The auth-params of `Digest k=v, k="v", …`; an empty object when it is not Digest. */
function parseAuthorization(header: string): Record<string, string> {
  if (!/^digest\s/i.test(header)) return {};
  const params: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    const [, name = "", quoted, token] = match;
    params[name.toLowerCase()] = quoted === undefined ? (token ?? "") : quoted.replace(/\\(.)/g, "$1");
  }
  return params;
}

function expectedResponse(params: Record<string, string>, method: string, password: string): string {
  const md5 = (text: string): string => createHash("md5").update(text, "utf8").digest("hex");
  const ha1 = md5(`${params["username"]}:${REALM}:${password}`);
  const ha2 = md5(`${method}:${params["uri"]}`);
  return md5(`${ha1}:${params["nonce"]}:${params["nc"]}:${params["cnonce"]}:${params["qop"]}:${ha2}`);
}
