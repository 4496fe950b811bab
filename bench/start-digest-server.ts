/**
 * A loopback HTTP Digest server for the round-trip benchmark. It checks with the mock's
 * Digest gate (`src/mock/auth/digest-gate.ts`, written from RFC 7616 and sharing no code with
 * the client), set up like Atlas (`realm="MMS Public API"`, MD5, `qop="auth"`, no
 * `opaque`) except that it does not enforce the order of `nc` (a load-balanced fleet
 * cannot), and counts what it saw.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDigestGate, type DigestGate } from "../src/mock/auth/digest-gate.js";

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

const NONCE_LIFETIME_MS = 10 * 60_000;
const BODY = JSON.stringify({ results: [{ id: "6f1e7b2a9c4d3e5f60718293", name: "bench" }], totalCount: 1, links: [] });

/** Starts the server on 127.0.0.1 with one API key. */
export async function startDigestServer(username: string, password: string): Promise<DigestServer> {
  const account = { password, principal: { kind: "apiKey", publicKey: username } } as const;
  const newGate = (): DigestGate =>
    createDigestGate({ nonceLifetimeMs: NONCE_LIFETIME_MS, strictNonceCount: false, lookup: (name) => (name === username ? account : undefined) });
  let gate = newGate();
  /** The nc values accepted so far, by nonce. */
  const seenNc = new Map<string, Set<string>>();
  const counts: DigestServerCounts = { requests: 0, challenged: 0, accepted: 0, repeatedNc: 0 };

  const zeroCounts = (): void => {
    Object.assign(counts, { requests: 0, challenged: 0, accepted: 0, repeatedNc: 0 });
  };

  const countNonceCount = (authorization: string): void => {
    const nonce = /\bnonce="([^"]*)"/.exec(authorization)?.[1] ?? "";
    const nc = /\bnc=([0-9a-f]{8})/i.exec(authorization)?.[1] ?? "";
    const seen = seenNc.get(nonce) ?? new Set<string>();
    if (seen.has(nc)) counts.repeatedNc += 1;
    seenNc.set(nonce, seen.add(nc));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    counts.requests += 1;
    const authorization = request.headers.authorization ?? "";
    const result = await gate.authenticate(
      new Request(`http://127.0.0.1${request.url ?? "/"}`, { method: request.method ?? "GET", headers: { Authorization: authorization } }),
    );
    if ("response" in result) {
      if (result.response.status === 401) counts.challenged += 1;
      response.writeHead(result.response.status, Object.fromEntries(result.response.headers));
      response.end(await result.response.text());
      return;
    }
    countNonceCount(authorization);
    counts.accepted += 1;
    response.writeHead(200, { "Content-Type": "application/vnd.atlas.2023-01-01+json" });
    response.end(BODY);
  };

  const server = createServer((request, response) => {
    // The body is not part of qop=auth; drain it so the connection can be reused.
    request.resume();
    request.on("end", () => void handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset: () => {
      gate = newGate();
      seenNc.clear();
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
