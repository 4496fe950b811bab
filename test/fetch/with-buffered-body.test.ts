/**
 * Every way an answer can go wrong after the request left, over a real socket (a bare
 * `node:net` server, so the faults are the ones undici really meets), through a client:
 * each ends in an AtlasConnectionError that says whether the server may have acted.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AtlasConnectionError, createAtlasClient, type LogEvent } from "../../src/index.js";

const ORG_ID = "5f1a2b3c4d5e6f7a8b9c0d1e";

/** What the server does with one request it has read whole. */
type Behaviour = (socket: Socket) => void;

const script: Behaviour[] = [];
const seen: string[] = [];
const server: Server = createServer((socket) => {
  let buffer = "";
  socket.on("data", (chunk) => {
    buffer += chunk.toString("latin1");
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return;
    seen.push(buffer.slice(0, buffer.indexOf("\r\n")));
    buffer = "";
    (script.shift() ?? answer(200, "{}"))(socket);
  });
  socket.on("error", () => undefined);
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

afterEach(() => {
  script.length = 0;
  seen.length = 0;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function head(status: number, type: string, length: number): string {
  return `HTTP/1.1 ${status} X\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
}

function answer(status: number, body: string, type = "application/json"): Behaviour {
  return (socket) => socket.end(head(status, type, Buffer.byteLength(body)) + body);
}

/** Headers and half the promised body, then the connection closes. */
const cutOff = (status: number): Behaviour => (socket) => {
  socket.write(`${head(status, "application/json", 100)}{"id":"5f1a`);
  setTimeout(() => socket.destroy(), 10);
};

/** Headers and half the body, then nothing. */
const stall: Behaviour = (socket) => socket.write(`${head(200, "application/json", 100)}{"id":"5f1a`);

/** The request was read whole; the connection is reset without a byte of answer. */
const reset: Behaviour = (socket) => socket.resetAndDestroy();

/** A status line no HTTP parser accepts (`HPE_INVALID_CONSTANT`). */
const garbled: Behaviour = (socket) => socket.end("XTTP/1.1 200 OK\r\n\r\n");

const atlas = (options: Parameters<typeof createAtlasClient>[0] = {}) => createAtlasClient({ baseUrl: base, retry: { baseDelayMs: 1 }, ...options });
const createTeam = (client = atlas(), init: { signal?: AbortSignal } = {}) =>
  client.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } }, body: { name: "t", usernames: [] }, ...init });

async function failure(promise: Promise<unknown>): Promise<AtlasConnectionError> {
  const error = await promise.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtlasConnectionError);
  return error as AtlasConnectionError;
}

describe("a create whose answer went wrong after the server acted", () => {
  it("a body cut off: AtlasConnectionError with the status, mayHaveActed, not re-sent", async () => {
    script.push(cutOff(200));
    const error = await failure(createTeam());
    expect(error).toMatchObject({ kind: "network", responseStatus: 200, mayHaveActed: true, attempts: 1 });
    expect(error.message).toMatch(/^POST .*\/teams → 200, but its body could not be used \(network: terminated/);
    expect(seen).toHaveLength(1);
  });

  it("a success whose body is not JSON (a proxy's page): kind invalid-body, mayHaveActed, not re-sent", async () => {
    script.push(answer(200, "<html><body>Welcome to the captive portal</body></html>", "text/html"));
    const error = await failure(createTeam());
    expect(error).toMatchObject({ kind: "invalid-body", responseStatus: 200, mayHaveActed: true });
    expect(error.message).toMatch(/not JSON \(Content-Type: text\/html\)/);
    expect(seen).toHaveLength(1);
  });

  it("a body that stalls after the headers: timeoutMs ends it with kind timeout", async () => {
    script.push(stall);
    // Long enough for the headers on a busy machine; the body never comes.
    const error = await failure(createTeam(atlas({ timeoutMs: 500 })));
    expect(error).toMatchObject({ kind: "timeout", responseStatus: 200, mayHaveActed: true });
    expect(seen).toHaveLength(1);
  });

  it("the caller's abort while the body is read: kind abort, typed", async () => {
    script.push(stall);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 50);
    const error = await failure(createTeam(atlas(), { signal: controller.signal }));
    expect(error).toMatchObject({ kind: "abort", mayHaveActed: true });
  });

  it("a reset once the request was sent: kind network, mayHaveActed, not re-sent", async () => {
    script.push(reset);
    const error = await failure(createTeam());
    expect(error).toMatchObject({ kind: "network", mayHaveActed: true, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("an answer the parser cannot read: typed, mayHaveActed, not re-sent", async () => {
    script.push(garbled);
    const error = await failure(createTeam());
    expect(error).toMatchObject({ kind: "network", mayHaveActed: true });
    expect(seen).toHaveLength(1);
  });
});

describe("a read whose answer went wrong is sent again", () => {
  it("after a body cut off", async () => {
    script.push(cutOff(200), answer(200, '{"results":[],"totalCount":0}'));
    const { data } = await atlas().GET("/api/atlas/v2/orgs");
    expect(data).toEqual({ results: [], totalCount: 0 });
    expect(seen).toHaveLength(2);
  });

  it("after a status line the parser refused (HPE_*), with a retry event naming the code", async () => {
    const events: LogEvent[] = [];
    script.push(garbled, answer(200, '{"results":[],"totalCount":0}'));
    const { data } = await atlas({ logger: { debug: (e) => void events.push(e) } }).GET("/api/atlas/v2/orgs");
    expect(data).toEqual({ results: [], totalCount: 0 });
    expect(seen).toHaveLength(2);
    expect(events.find((e) => e.event === "retry")?.["reason"]).toMatch(/^HPE_/);
  });

  it("but not past its retries: the last failure, typed, with the attempts", async () => {
    script.push(cutOff(200), cutOff(200));
    const error = await failure(atlas({ retry: { retries: 1, baseDelayMs: 1 } }).GET("/api/atlas/v2/orgs"));
    expect(error).toMatchObject({ kind: "network", responseStatus: 200, attempts: 2 });
  });
});

describe("buffered answers", () => {
  it("a success without a body gives data undefined", async () => {
    script.push(answer(200, ""));
    const result = await atlas().GET("/api/atlas/v2/orgs");
    expect(result.data).toBeUndefined();
    expect(result.response.status).toBe(200);
  });

  it("keeps the answer's status, headers and URL", async () => {
    script.push(answer(200, '{"results":[],"totalCount":0}'));
    const { response } = await atlas().GET("/api/atlas/v2/orgs");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.url).toBe(`${base}/api/atlas/v2/orgs`);
  });

  it("hands openapi-fetch the value parsed once, and keeps the body readable for the user's middleware", async () => {
    script.push(answer(200, '{"results":[{"id":"5f1a2b3c4d5e6f7a8b9c0d1e"}],"totalCount":1}'));
    const { data, response } = await atlas().GET("/api/atlas/v2/orgs");
    expect(data).toEqual({ results: [{ id: "5f1a2b3c4d5e6f7a8b9c0d1e" }], totalCount: 1 });
    expect(response.bodyUsed).toBe(false);
    expect(JSON.parse(await response.clone().text())).toEqual(data);
    expect(await response.json()).toEqual(data);
  });

  it("an error answer cut off is still typed, and says a 4xx did not act", async () => {
    script.push(cutOff(409));
    const error = await failure(createTeam());
    expect(error).toMatchObject({ responseStatus: 409, mayHaveActed: false });
  });
});
