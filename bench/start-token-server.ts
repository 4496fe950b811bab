/**
 * A loopback OAuth 2.0 client-credentials server for the token benchmark: `POST
 * /api/oauth/token` (Basic credentials) hands out a fresh bearer token valid an hour, and
 * every other path answers 200 to a token it handed out, 401 otherwise. It counts both.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server saw since the last reset. */
export interface TokenServerCounts {
  tokenRequests: number;
  apiRequests: number;
  refused: number;
}

/** A running token server. */
export interface TokenServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly counts: TokenServerCounts;
  /** Zeroes the counts and forgets every token. */
  reset(): void;
  close(): Promise<void>;
}

const BODY = JSON.stringify({ results: [], totalCount: 0, links: [] });

/** Starts the server on 127.0.0.1 for one service account. */
export async function startTokenServer(clientId: string, clientSecret: string): Promise<TokenServer> {
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
  const tokens = new Set<string>();
  const counts: TokenServerCounts = { tokenRequests: 0, apiRequests: 0, refused: 0 };

  const answer = (response: ServerResponse, status: number, body: string): void => {
    response.writeHead(status, { "Content-Type": "application/json" });
    response.end(body);
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const authorization = request.headers.authorization ?? "";
    if (request.method === "POST" && request.url === "/api/oauth/token") {
      counts.tokenRequests += 1;
      if (authorization !== basic) return answer(response, 401, JSON.stringify({ error: "invalid_client" }));
      const token = randomBytes(24).toString("base64url");
      tokens.add(token);
      return answer(response, 200, JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600 }));
    }
    counts.apiRequests += 1;
    if (tokens.has(authorization.replace(/^Bearer /, ""))) return answer(response, 200, BODY);
    counts.refused += 1;
    answer(response, 401, JSON.stringify({ error: 401, errorCode: "NOT_AUTHORIZED" }));
  };

  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset: () => {
      tokens.clear();
      Object.assign(counts, { tokenRequests: 0, apiRequests: 0, refused: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
