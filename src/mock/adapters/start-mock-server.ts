/**
 * The mock over real HTTP on 127.0.0.1 (`node:http`), for curl, other SDKs and the CLI.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { apiErrorResponse } from "../core/api-error-response.js";
import type { MockFaults } from "../state/create-mock-faults.js";
import { createMockCore, type MockCore } from "../core/create-mock-core.js";
import type { MockState } from "../state/create-mock-state.js";
import { DroppedConnection } from "../core/dropped-connection.js";
import type { MockCredentials } from "../auth/mock-credentials.js";
import type { MockOptions } from "../core/mock-options.js";

/** Options of {@link startMockServer}. */
export interface MockServerOptions extends MockOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
  readonly state: MockState;
  readonly faults: MockFaults;
  readonly credentials: MockCredentials;
  /** Back to a freshly started mock: seeded state, no faults, no token or nonce issued before. */
  reset(): void;
}

/** Starts the mock on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const core = createMockCore(options);
  const server = createServer((incoming, outgoing) => void serve(core, incoming, outgoing));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    state: core.state,
    faults: core.faults,
    credentials: core.credentials,
    reset: core.reset,
  };
}

async function serve(core: MockCore, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await core.handle(await toRequest(incoming));
  } catch (error) {
    if (error instanceof DroppedConnection) {
      incoming.socket.destroy();
      return;
    }
    response = apiErrorResponse(500, "UNEXPECTED_ERROR", "The mock failed.");
  }
  const payload = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, toHeaders(response.headers, payload.length));
  outgoing.end(payload);
}

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] ?? "", incoming.rawHeaders[i + 1] ?? "");
  const method = incoming.method ?? "GET";
  const hasBody = body.length > 0 && method !== "GET" && method !== "HEAD";
  return new Request(`http://${incoming.headers.host ?? "127.0.0.1"}${incoming.url ?? "/"}`, { method, headers, ...(hasBody ? { body } : {}) });
}

/** Node headers; `WWW-Authenticate` challenges that `Headers` joined are sent one per line again. */
function toHeaders(headers: Headers, length: number): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  headers.forEach((value, name) => {
    out[name] = name === "www-authenticate" ? value.split(/,\s*(?=(?:Digest|Bearer|Basic)\s)/) : value;
  });
  out["content-length"] = String(length);
  return out;
}
