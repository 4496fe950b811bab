/**
 * The mock over real HTTP or HTTPS on 127.0.0.1 (`node:http`, `node:https`), for curl,
 * other SDKs and the CLI. It routes by the request path only and refuses, with an Atlas
 * error body, whatever a client can send that is no API call: a malformed `Host`, a method
 * no API takes, a body over the size limit.
 *
 * @module
 */
import { createServer as createHttpServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { apiErrorResponse } from "../core/api-error-response.js";
import { bodyTooLarge, DEFAULT_MAX_BODY_BYTES } from "../core/body-too-large.js";
import type { MockFaults } from "../state/create-mock-faults.js";
import { createMockCore, type MockCore } from "../core/create-mock-core.js";
import type { MockState } from "../state/create-mock-state.js";
import { DroppedConnection } from "../core/dropped-connection.js";
import type { MockCredentials } from "../auth/mock-credentials.js";
import { MockError } from "../core/mock-error.js";
import type { MockOptions } from "../core/mock-options.js";
import { selfSignedCertificate, type TlsKeyPair } from "./self-signed-certificate.js";

/** Options of {@link startMockServer}. */
export interface MockServerOptions extends MockOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
  /**
   * Serve HTTPS: `true` makes a throwaway self-signed certificate for `127.0.0.1`, `::1` and
   * `localhost`; or pass your own private key and certificate (PEM). Default: plain HTTP.
   */
  readonly tls?: boolean | TlsKeyPair;
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>` (`https://` with `tls`), no trailing slash. */
  readonly url: string;
  /** With `tls`: the certificate (PEM) the server presents, for a client to trust; undefined over HTTP. */
  readonly ca?: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
  readonly state: MockState;
  readonly faults: MockFaults;
  readonly credentials: MockCredentials;
  /** Back to a freshly started mock: seeded state, no faults, no token or nonce issued before. */
  reset(): void;
}

// What a fetch `Request` can carry and an API may take; TRACE and CONNECT are neither.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// A registered name or an IPv4 address, or an IPv6 literal in brackets, and an optional port.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Starts the mock on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const core = createMockCore(options);
  const keyPair = options.tls === true ? await selfSignedCertificate() : options.tls || undefined;
  const scheme = keyPair ? "https" : "http";
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => void serve(core, { scheme, maxBodyBytes }, incoming, outgoing);
  const server: Server = keyPair ? createHttpsServer({ key: keyPair.key, cert: keyPair.cert }, listener) : createHttpServer(listener);
  // Without this listener Node drops a CONNECT request without a word.
  server.on("connect", (_incoming: IncomingMessage, socket: Socket) => {
    socket.end(rawAnswer(methodNotAllowed("CONNECT")));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    ...(keyPair ? { ca: keyPair.cert } : {}),
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

interface Transport {
  readonly scheme: string;
  readonly maxBodyBytes: number;
}

async function serve(core: MockCore, transport: Transport, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await core.handle(await toRequest(incoming, transport));
  } catch (error) {
    if (error instanceof DroppedConnection) {
      incoming.socket.destroy();
      return;
    }
    response = error instanceof MockError ? error.toResponse() : apiErrorResponse(500, "UNEXPECTED_ERROR", "The mock failed.");
  }
  const payload = Buffer.from(await response.arrayBuffer());
  outgoing.writeHead(response.status, toHeaders(response.headers, payload.length));
  outgoing.end(payload);
}

/**
 * The request as a fetch `Request`, its URL made of the `Host` header and the request path
 * as sent (so a `Host` can never smuggle in a path). Throws a {@link MockError} for what no
 * API call looks like.
 */
async function toRequest(incoming: IncomingMessage, { scheme, maxBodyBytes }: Transport): Promise<Request> {
  const method = incoming.method ?? "GET";
  const body = await readBody(incoming, maxBodyBytes);
  if (!METHODS.has(method)) throw methodNotAllowed(method);
  const host = incoming.headers.host ?? `127.0.0.1:${incoming.socket.localPort ?? 0}`;
  if (!HOST.test(host)) throw new MockError(400, "INVALID_HOST", "The Host header is not a host name or address with an optional port.");
  const url = new URL(`${scheme}://${host}${pathOf(incoming.url ?? "/")}`);
  // Node's parser has refused every header name and value that `Headers` would refuse.
  const headers = new Headers();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) headers.append(incoming.rawHeaders[i] ?? "", incoming.rawHeaders[i + 1] ?? "");
  const hasBody = body.length > 0 && method !== "GET" && method !== "HEAD";
  return new Request(url, { method, headers, ...(hasBody ? { body } : {}) });
}

/** The path and query of an origin-form or absolute-form request target. */
function pathOf(target: string): string {
  if (target.startsWith("/")) return target;
  try {
    const url = new URL(target);
    if (url.protocol === "http:" || url.protocol === "https:") return url.pathname + url.search;
  } catch {
    // Not a URL either: refused below.
  }
  throw new MockError(400, "INVALID_REQUEST_TARGET", "The request target is neither a path nor an absolute http(s) URL.");
}

/**
 * The whole body, read to its end so the client always gets the answer; past `maxBodyBytes`
 * it is read and discarded, so a huge body costs no memory, and then refused with 413.
 */
async function readBody(incoming: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size <= maxBodyBytes) chunks.push(chunk as Buffer);
  }
  if (size > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
  return Buffer.concat(chunks);
}

function methodNotAllowed(method: string): MockError {
  return new MockError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed; the API takes ${[...METHODS].join(", ")}.`);
}

/** An error answer written straight to a socket, for CONNECT, which Node gives no response object. */
function rawAnswer(error: MockError): string {
  const reason = STATUS_CODES[error.status] ?? "Error";
  const body = JSON.stringify({ error: error.status, errorCode: error.errorCode, detail: error.detail, reason, parameters: [] });
  return `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
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
