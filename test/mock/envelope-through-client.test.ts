/**
 * `envelope=true` through the library's client against the mock, in both of the mock's
 * envelope modes: whatever the server does with the status line, `data`, `error` and the
 * status a call sees are those of the same call without the envelope.
 */
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasClient, digestAuth, paginate } from "../../src/index.js";
import { createAtlasMock, type AtlasMock } from "../../src/mock/adapters/create-atlas-mock.js";

const NOW = Date.parse("2026-11-27T00:00:00Z");
const mocks = {
  "200": createAtlasMock({ now: () => NOW, envelopeStatus: "200" }),
  real: createAtlasMock({ now: () => NOW, envelopeStatus: "real", baseUrl: "https://real-status.example" }),
};
const server = setupServer(...mocks["200"].handlers, ...mocks.real.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

type Result = { data?: unknown; error?: unknown; response: Response };
// A list's `self` link repeats the query the server was asked, envelope=true included; that
// one difference is the server's to make, so it is taken out before comparing.
const withoutEnvelopeInLinks = (data: unknown): unknown =>
  data === undefined ? data : JSON.parse(JSON.stringify(data).replace(/envelope=true&|[?&]envelope=true(?=")/g, ""));
const seen = ({ data, error, response }: Result) => ({ data: withoutEnvelopeInLinks(data), error, status: response.status });

/**
 * The same calls every time: get one, list (one call, then paginated two a page), create,
 * rename, delete (204), and get what was deleted (404). `query` is added to every call.
 */
async function calls(mock: AtlasMock, envelope: boolean, query: { envelope?: boolean }) {
  const atlas = createAtlasClient({ baseUrl: mock.baseUrl, auth: digestAuth(mock.credentials.apiKey), envelope, retry: false });
  const { orgId, users } = mock.credentials;
  const member = users.find((user) => user.inOrg)?.username ?? "";
  const org = { path: { orgId }, query };
  const getOne = seen(await atlas.GET("/api/atlas/v2/orgs/{orgId}", { params: org }));
  const list = seen(await atlas.GET("/api/atlas/v2/orgs/{orgId}/users", { params: org }));
  const paged: unknown[] = [];
  for await (const user of paginate(atlas, "/api/atlas/v2/orgs/{orgId}/users", { params: { path: { orgId }, query: { ...query, itemsPerPage: 2 } } })) {
    paged.push(user);
  }
  const createdResult = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: org, body: { name: "enveloped", usernames: [member] } });
  const team = { path: { orgId, teamId: createdResult.data?.id ?? "" }, query };
  const renamed = seen(await atlas.PATCH("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: team, body: { name: "renamed" } }));
  const deleted = seen(await atlas.DELETE("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: team }));
  const missing = seen(await atlas.GET("/api/atlas/v2/orgs/{orgId}/teams/{teamId}", { params: team }));
  return { getOne, list, paged, created: seen(createdResult), renamed, deleted, missing };
}

/** The calls' outcomes and the URLs and statuses the mock saw, from a freshly seeded mock. */
async function run(mock: AtlasMock, envelope: boolean, query: { envelope?: boolean } = {}) {
  mock.reset();
  const outcomes = await calls(mock, envelope, query);
  return { outcomes, requests: [...mock.state.requests] };
}

describe.each([["200" as const], ["real" as const]])("envelope=true with the mock answering status lines %s", (mode) => {
  const mock = mocks[mode];

  it("gives the same data, errors and statuses as without the envelope, for the client option and for a call's own query", async () => {
    const plain = await run(mock, false);
    const byOption = await run(mock, true);
    const byQuery = await run(mock, false, { envelope: true });

    // The plain run is the reference: it covers 200, 204 and 404, and a list of several pages.
    const { outcomes } = plain;
    expect([outcomes.getOne.status, outcomes.created.status, outcomes.renamed.status, outcomes.deleted.status]).toEqual([200, 200, 200, 204]);
    expect(outcomes.missing).toMatchObject({ status: 404, error: { error: 404, errorCode: "TEAM_NOT_FOUND" } });
    expect(outcomes.deleted.data).toBeUndefined();
    expect(outcomes.paged.length).toBeGreaterThan(2);
    expect(outcomes.paged).toEqual((outcomes.list.data as { results: unknown[] }).results);
    expect(plain.requests.every(({ url }) => !url.includes("envelope"))).toBe(true);

    for (const enveloped of [byOption, byQuery]) {
      expect(enveloped.outcomes).toEqual(outcomes);
      expect(enveloped.requests.every(({ url }) => /[?&]envelope=true(&|$)/.test(url) && url.split("envelope").length === 2)).toBe(true);
      // The mock did envelope: in "200" mode every answer past the Digest challenge said 200.
      const statuses = new Set(enveloped.requests.map(({ status }) => status).filter((status) => status !== 401));
      expect([...statuses].sort()).toEqual(mode === "200" ? [200] : [200, 204, 404]);
    }
  });
});
