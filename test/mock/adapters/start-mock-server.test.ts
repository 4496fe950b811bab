import { request as httpRequest } from "node:http";
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

  it("answers 500 in the Atlas error shape when the core fails unexpectedly", async () => {
    // A Host that is no URL authority makes building the Request fail.
    const { status, body } = await rawGet(`${mock.url}/api/atlas/v2/orgs`, { Host: "bad host name" });
    expect(status).toBe(500);
    expect(JSON.parse(body)).toEqual({ error: 500, errorCode: "UNEXPECTED_ERROR", detail: "The mock failed.", reason: "Internal Server Error", parameters: [] });
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
