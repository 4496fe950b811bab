import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createAtlasClient, digestAuth } from "../../src/index.js";
import { withEnvelope } from "../../src/fetch/with-envelope.js";
import { DigestServer } from "../support/digest-server.js";
import { ORG_ID, TEAM_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";
const team = { id: TEAM_ID, name: "dbas", usernames: [] };
const notFound = { error: 404, errorCode: "TEAM_NOT_FOUND", detail: "No team.", reason: "Not Found", parameters: [] };

describe("envelope", () => {
  it("adds envelope=true to every call, after the call's own query", async () => {
    const urls: string[] = [];
    server.use(http.get(`${BASE}/api/atlas/v2/orgs`, ({ request }) => {
      urls.push(request.url);
      return HttpResponse.json({ results: [], totalCount: 0, status: 200 });
    }));
    await createAtlasClient({ envelope: true }).GET("/api/atlas/v2/orgs", { params: { query: { pageNum: 2 } } });
    await createAtlasClient({ envelope: true }).GET("/api/atlas/v2/orgs");
    expect(urls).toEqual([`${BASE}/api/atlas/v2/orgs?pageNum=2&envelope=true`, `${BASE}/api/atlas/v2/orgs?envelope=true`]);
  });

  it("unwraps { status, content } so data is the resource itself", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ status: 200, content: team })));
    const { data, response } = await createAtlasClient({ envelope: true }).GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    expect(data).toEqual(team);
    expect(response.status).toBe(200);
  });

  it("drops the status a list gains and keeps its shape", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, () => HttpResponse.json({ status: 200, results: [team], totalCount: 1, links: [] })));
    const { data } = await createAtlasClient({ envelope: true }).GET("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } });
    expect(data).toEqual({ results: [team], totalCount: 1, links: [] });
  });

  it("gives a typed error when the server answers 200 with the error code in status", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ status: 404, content: notFound })));
    const { data, error, response } = await createAtlasClient({ envelope: true }).GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual(notFound);
  });

  it("gives the same error when the server keeps the real status line, wrapped or not", async () => {
    server.use(
      http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ status: 404, content: notFound }, { status: 404 })),
      http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/byName/:name`, () => HttpResponse.json(notFound, { status: 404 })),
    );
    const atlas = createAtlasClient({ envelope: true });
    const wrapped = await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    const plain = await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/byName/{teamName}", { params: { path: { orgId: ORG_ID, teamName: "x" } } });
    expect(wrapped.error).toEqual(notFound);
    expect(plain.error).toEqual(notFound);
  });

  it("turns a wrapped 204 into an empty answer", async () => {
    server.use(http.delete(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ status: 204, content: null })));
    const { data, error, response } = await createAtlasClient({ envelope: true }).DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it("turns a 200 whose body holds only the status (a wrapped 204 without content) into an empty answer with that status", async () => {
    server.use(http.delete(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, () => HttpResponse.json({ status: 204 })));
    const { data, error, response } = await createAtlasClient({ envelope: true }).DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { path: { orgId: ORG_ID, teamId: TEAM_ID } } });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });

  it("unwraps the answer when the call itself asks for envelope=true, without the client option", async () => {
    const urls: string[] = [];
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, ({ request }) => {
      urls.push(request.url);
      return HttpResponse.json({ status: 404, content: notFound });
    }));
    const { data, error, response } = await createAtlasClient().GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", {
      params: { path: { orgId: ORG_ID, teamId: TEAM_ID }, query: { envelope: true } },
    });
    expect(urls).toEqual([`${BASE}/api/atlas/v2/orgs/${ORG_ID}/teams/${TEAM_ID}?envelope=true`]);
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toEqual(notFound);
  });

  it("lets a call's own envelope parameter stand instead of adding a second one", async () => {
    const urls: string[] = [];
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams/:teamId`, ({ request }) => {
      urls.push(request.url);
      return HttpResponse.json(new URL(request.url).searchParams.get("envelope") === "true" ? { status: 200, content: team } : team);
    }));
    const atlas = createAtlasClient({ envelope: true });
    const params = { path: { orgId: ORG_ID, teamId: TEAM_ID } };
    const asked = await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { ...params, query: { envelope: true } } });
    const declined = await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: { ...params, query: { envelope: false } } });
    const path = `${BASE}/api/atlas/v2/orgs/${ORG_ID}/teams/${TEAM_ID}`;
    expect(urls).toEqual([`${path}?envelope=true`, `${path}?envelope=false`]);
    expect(asked.data).toEqual(team);
    expect(declined.data).toEqual(team);
  });

  it("leaves an answer whose JSON content type holds no JSON to the error bodies, which keep its text", async () => {
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId`, () => new HttpResponse("upstream", { status: 502, headers: { "Content-Type": "application/json" } })));
    const { error, response } = await createAtlasClient({ envelope: true, retry: false }).GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID } } });
    expect(response.status).toBe(502);
    expect(error).toMatchObject({ error: 502, errorCode: "UNEXPECTED_RESPONSE", detail: "upstream" });
  });

  it("leaves answers alone when envelope is off", async () => {
    const odd = { status: 201, content: "a resource that happens to look like an envelope" };
    server.use(http.get(`${BASE}/api/atlas/v2/orgs/:orgId`, () => HttpResponse.json(odd)));
    const { data } = await createAtlasClient().GET("/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID } } });
    expect(data).toEqual(odd);
  });
});

describe("withEnvelope", () => {
  const url = `${BASE}/api/atlas/v2/orgs?envelope=true`;

  it("keeps the headers of the 200 on the unwrapped answer", async () => {
    const wrapped = HttpResponse.json(
      { status: 401, content: { error: 401, errorCode: "UNAUTHORIZED" } },
      { headers: { "WWW-Authenticate": 'Digest realm="MMS Public API", nonce="n", qop="auth"', "Retry-After": "1" } },
    );
    const response = await withEnvelope(async () => wrapped)(new Request(url));
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Digest realm="MMS Public API", nonce="n", qop="auth"');
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({ error: 401, errorCode: "UNAUTHORIZED" });
  });

  it("passes on an answer to a request without envelope=true untouched", async () => {
    const answer = HttpResponse.json({ status: 503, content: {} });
    expect(await withEnvelope(async () => answer)(new Request(`${BASE}/api/atlas/v2/orgs`))).toBe(answer);
  });
});

describe("envelope under auth and retry", () => {
  /**
   * A digest-protected server that answers every envelope=true request with 200 and the real
   * status in the body (the headers, WWW-Authenticate included, on the 200), and answers the
   * first `unavailable` requests 503.
   */
  function envelopingServer(unavailable: number): { digest: DigestServer; statuses: number[] } {
    const digest = new DigestServer({ username: "pub", password: "priv-key" });
    const statuses: number[] = [];
    server.use(
      http.all(`${BASE}/api/atlas/v2/orgs`, async ({ request }) => {
        const real =
          statuses.length < unavailable
            ? HttpResponse.json({ error: 503, errorCode: "SERVICE_UNAVAILABLE" }, { status: 503 })
            : await digest.handle(request, () => HttpResponse.json({ results: [], totalCount: 0 }));
        statuses.push(real.status);
        const body = (await real.json()) as Record<string, unknown>;
        const headers = new Headers(real.headers);
        headers.delete("Content-Length");
        const wrapped = "results" in body ? { ...body, status: real.status } : { status: real.status, content: body };
        return HttpResponse.json(wrapped, { status: 200, headers });
      }),
    );
    return { digest, statuses };
  }

  it("answers a Digest challenge that comes as a 200 with status 401", async () => {
    const { digest, statuses } = envelopingServer(0);
    const atlas = createAtlasClient({ envelope: true, auth: digestAuth({ publicKey: "pub", privateKey: "priv-key" }) });
    const { data, error, response } = await atlas.GET("/api/atlas/v2/orgs");
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual({ results: [], totalCount: 0 });
    expect(statuses).toEqual([401, 200]);
    expect(digest.accepted).toHaveLength(1);
  });

  it("retries a 503 that comes as a 200 with status 503, then authenticates", async () => {
    const { statuses } = envelopingServer(1);
    const atlas = createAtlasClient({ envelope: true, auth: digestAuth({ publicKey: "pub", privateKey: "priv-key" }), retry: { baseDelayMs: 1 } });
    const { data, response } = await atlas.GET("/api/atlas/v2/orgs");
    expect(response.status).toBe(200);
    expect(data).toEqual({ results: [], totalCount: 0 });
    expect(statuses).toEqual([503, 401, 200]);
  });
});
