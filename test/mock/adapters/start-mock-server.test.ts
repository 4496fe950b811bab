import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../../src/mock/adapters/start-mock-server.js";
import { digestFetch, getToken, json, v2Headers } from "../mock-helpers.js";

let mock: MockServer;
let apiKey: { username: string; password: string };

beforeAll(async () => {
  mock = await startMockServer({ digestAlgorithms: ["SHA-256", "MD5"] });
  apiKey = { username: mock.credentials.apiKey.publicKey, password: mock.credentials.apiKey.privateKey };
});
afterAll(() => mock.close());

/** A GET with node:http, which (unlike fetch) may send any Host; answers the status, raw header lines and body. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; rawHeaders: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks).toString("utf8") }));
    })
      .on("error", reject)
      .end();
  });
}

/** Sends `head` (and `body`) as they are over a socket; answers the status and the JSON body. */
function rawExchange(head: string, body: Buffer | string = ""): Promise<{ status: number; body: Record<string, any> }> {
  const { port } = new URL(mock.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => {
      socket.write(head);
      socket.end(body);
    });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const json = text.slice(text.indexOf("\r\n\r\n") + 4);
      resolve({ status, body: json.startsWith("{") ? (JSON.parse(json) as Record<string, any>) : {} });
    });
  });
}

/** A Bearer-authenticated raw v2 POST creating a team from `body` bytes. */
async function postTeamBytes(body: Buffer): Promise<{ status: number; body: Record<string, any> }> {
  const token = await getToken(mock.url, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
  const head = [
    `POST /api/atlas/v2/orgs/${mock.credentials.orgId}/teams HTTP/1.1`,
    `Host: ${new URL(mock.url).host}`,
    `Authorization: Bearer ${token}`,
    "Accept: application/vnd.atlas.2023-01-01+json",
    "Content-Type: application/json",
    `Content-Length: ${body.length}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  return rawExchange(head, body);
}

describe("startMockServer", () => {
  it("listens on 127.0.0.1 on a free port", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers Digest-signed calls with Content-Length and links to its own address", async () => {
    const response = await digestFetch(`${mock.url}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01") }, apiKey, "SHA-256");
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(response.headers.get("Content-Length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text).links[0].href).toBe(`${mock.url}/api/atlas/v2/orgs?pageNum=1`);
  });

  it("sends each Digest challenge on its own WWW-Authenticate line", async () => {
    const { status, rawHeaders } = await rawGet(`${mock.url}/api/atlas/v2/orgs`);
    expect(status).toBe(401);
    const challenges = rawHeaders.filter((_, i) => i % 2 === 1 && rawHeaders[i - 1]?.toLowerCase() === "www-authenticate");
    expect(challenges.map((line) => /algorithm=([\w-]+)/.exec(line)?.[1])).toEqual(["SHA-256", "MD5"]);
  });

  it("carries request bodies and serves service accounts over HTTP", async () => {
    const { clientId, clientSecret } = mock.credentials.serviceAccount;
    const token = await getToken(mock.url, clientId, clientSecret);
    const response = await fetch(`${mock.url}/api/atlas/v2/orgs/${mock.credentials.orgId}/teams`, {
      method: "POST",
      headers: v2Headers("2023-01-01", token),
      body: JSON.stringify({ name: "over-http", usernames: ["bob@example.com"] }),
    });
    expect(response.status).toBe(200);
    expect((await json(response)).usernames).toEqual(["bob@example.com"]);
  });

  it("drops the connection when asked, then answers again", async () => {
    mock.faults.dropNext(1);
    await expect(fetch(`${mock.url}/api/atlas/v2/orgs`)).rejects.toThrow();
    expect((await fetch(`${mock.url}/api/atlas/v2/orgs`)).status).toBe(401);
  });

  it("destroys the socket of a call it acted on when asked to drop after: handled", async () => {
    const { clientId, clientSecret } = mock.credentials.serviceAccount;
    const token = await getToken(mock.url, clientId, clientSecret);
    const create = () =>
      fetch(`${mock.url}/api/atlas/v2/orgs/${mock.credentials.orgId}/teams`, {
        method: "POST",
        headers: v2Headers("2023-01-01", token),
        body: JSON.stringify({ name: "created-then-dropped", usernames: [] }),
      });
    mock.faults.dropNext(1, { after: "handled" });
    await expect(create()).rejects.toThrow(TypeError);
    expect([...mock.state.teams.values()].filter((team) => team.name === "created-then-dropped")).toHaveLength(1);
    const again = await create();
    expect(again.status).toBe(409);
    expect((await json(again)).errorCode).toBe("TEAM_NAME_NOT_AVAILABLE");
  });

  it("listens on the port asked for, and stops on close()", async () => {
    const probe = await startMockServer();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startMockServer({ port });
    expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
    await fixed.close();
    await expect(fetch(`${fixed.url}/api/atlas/v2/orgs`)).rejects.toThrow();
  });

  it("rejects when the port is taken", async () => {
    const port = Number(new URL(mock.url).port);
    await expect(startMockServer({ port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe("hostile input: refused in the Atlas error shape, never a 500, never routed by Host", () => {
  it("routes by the request path only: a path smuggled into Host is refused with 400, and a valid Host changes nothing", async () => {
    const teams = `${new URL(mock.url).host}/api/atlas/v2/orgs/${mock.credentials.orgId}/teams?`;
    const smuggled = await rawGet(`${mock.url}/nothing-here`, { Host: teams });
    expect(smuggled.status).toBe(400);
    expect(JSON.parse(smuggled.body)).toMatchObject({ error: 400, errorCode: "INVALID_HOST", reason: "Bad Request" });
    const renamed = await rawGet(`${mock.url}/nothing-here`, { Host: "cloud.mongodb.com" });
    expect(renamed.status).toBe(404);
    expect(JSON.parse(renamed.body)).toMatchObject({ errorCode: "RESOURCE_NOT_FOUND" });
  });

  it.each(["bad host name", "127.0.0.1:1/x", "user@127.0.0.1", "[::1", "127.0.0.1:port"])("answers 400 INVALID_HOST to Host %j", async (host) => {
    const { status, body } = await rawGet(`${mock.url}/api/atlas/v2/orgs`, { Host: host });
    expect(status).toBe(400);
    expect(JSON.parse(body).errorCode).toBe("INVALID_HOST");
  });

  it("takes a Host with a name, an IPv6 literal or no port", async () => {
    for (const host of ["localhost", "[::1]:8080", "mock.example.com."]) expect((await rawGet(`${mock.url}/api/atlas/v2/orgs`, { Host: host })).status).toBe(401);
  });

  it("routes an absolute-form request target by its path, not its host", async () => {
    const { status, body } = await rawExchange(`GET http://elsewhere.example/nothing-here HTTP/1.1\r\nHost: ${new URL(mock.url).host}\r\nConnection: close\r\n\r\n`);
    expect(status).toBe(404);
    expect(body.errorCode).toBe("RESOURCE_NOT_FOUND");
  });

  it.each(["TRACE", "PROPFIND", "CONNECT"])("answers 405 METHOD_NOT_ALLOWED to %s", async (method) => {
    const target = method === "CONNECT" ? "127.0.0.1:443" : "/api/atlas/v2/orgs";
    const { status, body } = await rawExchange(`${method} ${target} HTTP/1.1\r\nHost: ${new URL(mock.url).host}\r\nConnection: close\r\n\r\n`);
    expect(status).toBe(405);
    expect(body).toMatchObject({ error: 405, errorCode: "METHOD_NOT_ALLOWED", reason: "Method Not Allowed" });
  });

  it("answers 400 INVALID_REQUEST_TARGET to a target that is neither a path nor an http(s) URL", async () => {
    for (const target of ["*", "ftp://elsewhere.example/x"]) {
      const { status, body } = await rawExchange(`OPTIONS ${target} HTTP/1.1\r\nHost: ${new URL(mock.url).host}\r\nConnection: close\r\n\r\n`);
      expect(status).toBe(400);
      expect(body.errorCode).toBe("INVALID_REQUEST_TARGET");
    }
  });

  it("refuses a body over the limit (1 MiB by default) with 413 and stores nothing", async () => {
    const name = "x".repeat(1_048_576);
    const { status, body } = await postTeamBytes(Buffer.from(JSON.stringify({ name, usernames: [] })));
    expect(status).toBe(413);
    expect(body).toMatchObject({ error: 413, errorCode: "REQUEST_TOO_LARGE", reason: "Payload Too Large" });
    expect(body.detail).toContain("1048576 bytes");
    expect([...mock.state.teams.values()].some((team) => team.name.length > 1000)).toBe(false);
  });

  it("refuses invalid UTF-8 with 400 instead of storing U+FFFD", async () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"bad-'), Buffer.from([0xc3, 0x28]), Buffer.from('","usernames":[]}')]);
    const { status, body } = await postTeamBytes(bytes);
    expect(status).toBe(400);
    expect(body).toMatchObject({ errorCode: "INVALID_JSON", detail: "The request body is not valid UTF-8." });
    expect([...mock.state.teams.values()].some((team) => team.name.includes("\uFFFD"))).toBe(false);
  });

  it("refuses malformed JSON with 400", async () => {
    const { status, body } = await postTeamBytes(Buffer.from('{"name": "half'));
    expect(status).toBe(400);
    expect(body.errorCode).toBe("INVALID_JSON");
  });

  it("answers a request with a Host but no port, and a request without any header but Host", async () => {
    const { status } = await rawExchange(`GET /api/atlas/v2/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(status).toBe(401);
  });
});

describe("any request a client can send", () => {
  /** One request over node:http, which sends any method, path, header and body as given. */
  function send(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<number> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(`${mock.url}${path}`, { method, headers }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  it("is answered, never with a 5xx, whatever the method, path, Accept, Content-Type, Authorization and body", async () => {
    const { clientId, clientSecret } = mock.credentials.serviceAccount;
    const token = await getToken(mock.url, clientId, clientSecret);
    const orgId = mock.credentials.orgId;
    const segment = fc.oneof(fc.constantFrom("orgs", orgId, "teams", "users", "serviceAccounts", "secrets", "accessList", "byName", "x:addUser", "%", "%ff", "..", "", "a".repeat(24)), fc.string());
    const path = fc
      .tuple(fc.constantFrom("/api/atlas/v2", "/api/atlas/v1.0", "/api/public/v1.0", "/api/oauth", ""), fc.array(segment, { maxLength: 6 }), fc.constantFrom("", "?envelope=true", "?pretty=true", "?pageNum=0", "?itemsPerPage=x"))
      .map(([prefix, segments, query]) => `${prefix}/${segments.map((part) => encodeURIComponent(part)).join("/")}${query}`);
    const header = (values: readonly string[]) => fc.option(fc.oneof(fc.constantFrom(...values), fc.string({ unit: "grapheme-ascii" })), { nil: undefined });
    const accept = header(["*/*", "application/json", "application/vnd.atlas.2023-01-01+json", "application/vnd.atlas.2025-03-12+json", "application/vnd.atlas.+json, ;"]);
    const contentType = header(["application/json", "text/plain", "application/vnd.atlas.2023-01-01+json", "application/x-www-form-urlencoded"]);
    const authorization = header([`Bearer ${token}`, "Bearer x", "Digest", 'Digest username="abcdefgh", realm="MMS Public API", nonce="n", uri="/", response="r"', "Digest ,,=\"", "Basic !!"]);
    const body = fc.option(fc.oneof(fc.json(), fc.string(), fc.constantFrom('{"name":"t","usernames":["bob@example.com"]}', "[{}]", "grant_type=client_credentials")), { nil: undefined });
    const method = fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE");
    await fc.assert(
      fc.asyncProperty(method, path, accept, contentType, authorization, body, async (verb, target, acceptValue, typeValue, authValue, payload) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of [["Accept", acceptValue], ["Content-Type", typeValue], ["Authorization", authValue]] as const) {
          // node:http refuses control characters in header values before sending: no client can send them.
          if (value !== undefined && !/[\x00-\x1f\x7f]/.test(value)) headers[name] = value;
        }
        const status = await send(verb, target, headers, payload);
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });
});

describe("limits that options set", () => {
  it("takes another body limit with maxBodyBytes", async () => {
    const small = await startMockServer({ maxBodyBytes: 64 });
    try {
      const token = await getToken(small.url, small.credentials.serviceAccount.clientId, small.credentials.serviceAccount.clientSecret);
      const post = (name: string) =>
        fetch(`${small.url}/api/atlas/v2/orgs/${small.credentials.orgId}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token), body: JSON.stringify({ name, usernames: [] }) });
      expect((await post("short")).status).toBe(200);
      const refused = await post("n".repeat(64));
      expect(refused.status).toBe(413);
      expect((await json(refused)).errorCode).toBe("REQUEST_TOO_LARGE");
    } finally {
      await small.close();
    }
  });
});

