import { http, HttpResponse } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import { AtlasApiError, createAtlasClient, createCloudManagerClient, paginate } from "../../src/index.js";
import type { AtlasComponents } from "../../src/index.js";
import { ORG_ID, useMswServer } from "../support/msw.js";

const server = useMswServer();
const BASE = "https://cloud.mongodb.com";

function teams(total: number, options: { links?: boolean; count?: boolean } = {}): { pages: URL[] } {
  const pages: URL[] = [];
  server.use(
    http.get(`${BASE}/api/atlas/v2/orgs/:orgId/teams`, ({ request }) => {
      const url = new URL(request.url);
      pages.push(url);
      // A paginate that does not stop fails here instead of asking forever.
      if (pages.length > 20) return HttpResponse.json({ error: 400, errorCode: "TOO_MANY_PAGES" }, { status: 400 });
      const pageNum = Number(url.searchParams.get("pageNum"));
      const size = Number(url.searchParams.get("itemsPerPage"));
      const start = (pageNum - 1) * size;
      const results = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => ({ id: String(start + i), name: `team-${start + i}` }));
      const hasNext = start + size < total;
      return HttpResponse.json({
        results,
        ...(options.count === false ? {} : { totalCount: total }),
        ...(options.links === false ? {} : { links: [{ rel: "self", href: url.href }, ...(hasNext ? [{ rel: "next", href: "…" }] : [])] }),
      });
    }),
  );
  return { pages };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("paginate", () => {
  it("asks for 500 a page and follows pageNum to the last page", async () => {
    const { pages } = teams(1201);
    const atlas = createAtlasClient();
    const all = await collect(paginate(atlas, "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } }));
    expect(all).toHaveLength(1201);
    expect(all[1200]?.name).toBe("team-1200");
    expect(pages.map((u) => [u.searchParams.get("pageNum"), u.searchParams.get("itemsPerPage")])).toEqual([["1", "500"], ["2", "500"], ["3", "500"]]);
  });

  it("stops at totalCount without asking for an empty page", async () => {
    const { pages } = teams(1000, { links: false });
    const all = await collect(paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } }));
    expect(all).toHaveLength(1000);
    expect(pages).toHaveLength(2);
  });

  it("asks once for a list of exactly one full page whose count says so", async () => {
    const { pages } = teams(500, { links: false });
    const all = await collect(paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } }));
    expect(all).toHaveLength(500);
    expect(pages).toHaveLength(1);
  });

  it("stops when a full page has no next link and no count", async () => {
    const { pages } = teams(1000, { count: false });
    await collect(paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } }));
    expect(pages).toHaveLength(2);
  });

  it("keeps the caller's page size and other query parameters", async () => {
    const { pages } = teams(5, { links: false, count: false });
    const all = await collect(paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID }, query: { itemsPerPage: 2, includeCount: false } } }));
    expect(all.map((t) => t.id)).toEqual(["0", "1", "2", "3", "4"]);
    expect(pages.map((u) => Object.fromEntries(u.searchParams))).toEqual([1, 2, 3].map((n) => ({ includeCount: "false", itemsPerPage: "2", pageNum: String(n) })));
  });

  it("stops asking when the caller breaks out of the loop", async () => {
    const { pages } = teams(5000);
    let seen = 0;
    for await (const _ of paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } })) {
      if (++seen === 10) break;
    }
    expect(pages).toHaveLength(1);
  });

  it("throws AtlasApiError when a page fails", async () => {
    server.use(http.get(`${BASE}/api/public/v1.0/orgs`, () => HttpResponse.json({ error: 401, errorCode: "NOT_ORG_OWNER", detail: "no" }, { status: 401 })));
    const iterator = paginate(createCloudManagerClient(), "/api/public/v1.0/orgs");
    await expect(collect(iterator)).rejects.toBeInstanceOf(AtlasApiError);
  });

  it("types the items by the operation", () => {
    const iterator = paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: ORG_ID } } });
    expectTypeOf(iterator).toEqualTypeOf<AsyncGenerator<AtlasComponents["schemas"]["TeamResponse"], void, undefined>>();
    // @ts-expect-error a path that is not a paginated list
    void paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}", { params: { path: { orgId: ORG_ID } } });
    // @ts-expect-error the path parameters are required
    void paginate(createAtlasClient(), "/api/atlas/v2/orgs/{orgId}/teams");
  });
});
