/**
 * The loopback server of the overhead benchmark, run as a child process so its CPU time is
 * not counted with the client's. Two listeners on 127.0.0.1: `open` answers every request;
 * `gated` answers 401 with a Digest challenge unless the request carries `Authorization`
 * (Digest or the static bearer token), and hands out that token at `POST /api/oauth/token`.
 * It does not check the digest hash: the cost measured is the client's, not the server's.
 * Prints `{"open":"http://…","gated":"http://…"}` on one line once both listen.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The token the gated listener hands out and accepts. */
const TOKEN = "bench-static-token";
const BODY = JSON.stringify({ results: [{ id: "6f1e7b2a9c4d3e5f60718293", name: "bench" }], totalCount: 1, links: [] });
const CHALLENGE = 'Digest realm="MMS Public API", domain="", nonce="bench-nonce-lives-forever", algorithm=MD5, qop="auth", stale=false';

function ok(response: ServerResponse): void {
  response.writeHead(200, { "Content-Type": "application/vnd.atlas.2023-01-01+json" });
  response.end(BODY);
}

function gated(request: IncomingMessage, response: ServerResponse): void {
  if (request.method === "POST" && request.url === "/api/oauth/token") {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ access_token: TOKEN, token_type: "Bearer", expires_in: 3600 }));
    return;
  }
  const authorization = request.headers.authorization ?? "";
  if (authorization.startsWith("Digest ") || authorization === `Bearer ${TOKEN}`) return ok(response);
  response.writeHead(401, { "Content-Type": "application/json", "WWW-Authenticate": CHALLENGE });
  response.end(JSON.stringify({ error: 401, errorCode: "NOT_AUTHORIZED" }));
}

async function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => handler(request, response));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const urls = { open: await listen((_, response) => ok(response)), gated: await listen(gated) };
process.stdout.write(`${JSON.stringify(urls)}\n`);
// The parent closes stdin when it is done; the server then exits.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
