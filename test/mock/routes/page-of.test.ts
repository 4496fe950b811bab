import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasMock } from "../../../src/mock/adapters/create-atlas-mock.js";
import { getToken, json, v2Caller } from "../mock-helpers.js";

const mock = createAtlasMock();
const server = setupServer(...mock.handlers);
const BASE = mock.baseUrl;
const ORG = mock.credentials.orgId;
let token = "";
const call = v2Caller(BASE, () => token);
const users = (query: string) => call("GET", `/orgs/${ORG}/users`, undefined, "2025-02-19", query);
const href = (query: string) => `${BASE}/api/atlas/v2/orgs/${ORG}/users${query}`;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  token = await getToken(BASE, mock.credentials.serviceAccount.clientId, mock.credentials.serviceAccount.clientSecret);
});
afterAll(() => server.close());

describe("pageOf, through the mock", () => {
  it("answers page 1 of 100 with totalCount and a self link by default", async () => {
    const page = await json(await users(""));
    expect(page.results).toHaveLength(3);
    expect(page.totalCount).toBe(3);
    expect(page.links).toEqual([{ href: href("?pageNum=1"), rel: "self" }]);
  });

  it("links to the next and previous pages with absolute hrefs", async () => {
    const page = await json(await users("?itemsPerPage=1&pageNum=2"));
    expect(page.results.map((user: { username: string }) => user.username)).toEqual(["bob@example.com"]);
    expect(page.links).toEqual([
      { href: href("?itemsPerPage=1&pageNum=2"), rel: "self" },
      { href: href("?itemsPerPage=1&pageNum=1"), rel: "previous" },
      { href: href("?itemsPerPage=1&pageNum=3"), rel: "next" },
    ]);
  });

  it("answers an empty page past the end", async () => {
    expect((await json(await users("?pageNum=9"))).results).toEqual([]);
  });

  it("leaves totalCount out with includeCount=false", async () => {
    expect(await json(await users("?includeCount=false"))).not.toHaveProperty("totalCount");
  });

  it.each(["0", "501", "ten", "1.5"])("refuses itemsPerPage=%s: 400 INVALID_QUERY_PARAMETER", async (value) => {
    const response = await users(`?itemsPerPage=${value}`);
    expect(response.status).toBe(400);
    const body = await json(response);
    expect(body.errorCode).toBe("INVALID_QUERY_PARAMETER");
    expect(body.badRequestDetail.fields[0].field).toBe("itemsPerPage");
  });

  it("accepts itemsPerPage=500", async () => {
    expect((await users("?itemsPerPage=500")).status).toBe(200);
  });

  it("refuses pageNum=0: 400", async () => {
    const response = await users("?pageNum=0");
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toContain("pageNum");
  });
});
