import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import * as publicApi from "../../../src/mock/index.js";
import { getToken, json, v2Headers } from "../mock-helpers.js";

const mock = createAtlasMock();
const gov = createAtlasMock({ baseUrl: "https://cloud.mongodbgov.com/" });
const server = setupServer(...mock.handlers, ...gov.handlers, http.get("https://elsewhere.example/ping", () => HttpResponse.text("pong")));
const { clientId, clientSecret } = mock.credentials.serviceAccount;

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  gov.reset();
});
afterAll(() => server.close());

describe("createAtlasMock", () => {
  it("answers on https://cloud.mongodb.com by default", async () => {
    expect(mock.baseUrl).toBe("https://cloud.mongodb.com");
    const token = await getToken(mock.baseUrl, clientId, clientSecret);
    expect((await fetch(`${mock.baseUrl}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01", token) })).status).toBe(200);
  });

  it("answers on another base URL, with its own state", async () => {
    expect(gov.baseUrl).toBe("https://cloud.mongodbgov.com");
    await getToken(gov.baseUrl, clientId, clientSecret);
    expect(gov.state.counters.tokenRequests).toBe(1);
    expect(mock.state.counters.tokenRequests).toBe(0);
  });

  it("routes the literal :addUser path through msw's router", async () => {
    const token = await getToken(mock.baseUrl, clientId, clientSecret);
    const orgUrl = `${mock.baseUrl}/api/atlas/v2/orgs/${mock.credentials.orgId}`;
    const team = await json(await fetch(`${orgUrl}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token), body: JSON.stringify({ name: "t", usernames: [] }) }));
    const bob = mock.credentials.users[1]!;
    const added = await fetch(`${orgUrl}/teams/${team.id}:addUser`, { method: "POST", headers: v2Headers("2025-02-19", token), body: JSON.stringify({ id: bob.id }) });
    expect(added.status).toBe(200);
    expect(mock.state.teams.get(team.id)?.userIds).toEqual([bob.id]);
  });

  it("turns a dropped connection into a network error", async () => {
    mock.faults.dropNext(1);
    await expect(fetch(`${mock.baseUrl}/api/atlas/v2/orgs`)).rejects.toThrow(TypeError);
  });

  it("refuses a body over maxBodyBytes with 413 REQUEST_TOO_LARGE, as the server does, and stores nothing", async () => {
    const small = createAtlasMock({ baseUrl: "https://small.example", maxBodyBytes: 64 });
    server.use(...small.handlers);
    const token = await getToken(small.baseUrl, clientId, clientSecret);
    const post = (name: string) =>
      fetch(`${small.baseUrl}/api/atlas/v2/orgs/${small.credentials.orgId}/teams`, { method: "POST", headers: v2Headers("2023-01-01", token), body: JSON.stringify({ name, usernames: [] }) });
    const refused = await post("n".repeat(64));
    expect(refused.status).toBe(413);
    expect(await json(refused)).toMatchObject({ error: 413, errorCode: "REQUEST_TOO_LARGE", reason: "Payload Too Large" });
    expect(small.state.teams.size).toBe(0);
    expect((await post("short")).status).toBe(200);
  });

  it("leaves other origins to other handlers", async () => {
    expect(await (await fetch("https://elsewhere.example/ping")).text()).toBe("pong");
  });

  it("is exported from the mock entry point with the server and the core", () => {
    expect(Object.keys(publicApi).sort()).toEqual(["DroppedConnection", "atlasRateLimits", "createAtlasMock", "createMockCore", "defaultMockSeed", "startMockServer"]);
  });
});
