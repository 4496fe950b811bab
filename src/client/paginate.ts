import type { Client, FetchOptions } from "openapi-fetch";
import { unwrap, type CallResult } from "./unwrap.js";

/** The GET operation of a path. */
export type GetOperation<Paths, P extends keyof Paths> = Paths[P] extends { get: infer Op } ? Op : never;
/** The 200 answer's body type of an operation. */
export type OkContent<Op> = Op extends { responses: { 200: { content: infer C } } } ? C[keyof C] : never;

/** The item type of a list operation's `results`. */
export type PageItem<Paths, P extends keyof Paths> = OkContent<GetOperation<Paths, P>> extends { results?: (infer I)[] } ? I : never;

/** The keys of `T` that are not optional. */
export type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The options of a list call: openapi-fetch's, required when the path has parameters. */
export type PaginateInit<Paths, P extends keyof Paths> = [RequiredKeys<FetchOptions<GetOperation<Paths, P>>>] extends [never]
  ? [init?: FetchOptions<GetOperation<Paths, P>>]
  : [init: FetchOptions<GetOperation<Paths, P>>];

/** The paths of `Paths` whose GET answers a paginated list (`{ results, totalCount, links }`). */
export type ListPaths<Paths> = {
  [P in keyof Paths]: [PageItem<Paths, P>] extends [never] ? never : P;
}[keyof Paths];

interface Page {
  readonly results?: readonly unknown[];
  readonly totalCount?: number;
  readonly links?: readonly { readonly rel?: string }[];
}

/** The page size `paginate` asks for unless `itemsPerPage` is given: the API's maximum. */
export const MAX_ITEMS_PER_PAGE = 500;

/**
 * Iterates over every item of a list operation, page by page: 500 a page, following
 * `pageNum` until the last page (a short page, `totalCount` reached, or no `next` link).
 * Breaking out of the loop stops asking. A page that fails throws an {@link AtlasApiError}.
 *
 * @example
 * ```ts
 * for await (const team of paginate(atlas, "/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId } } })) {
 *   console.log(team.name);
 * }
 * ```
 */
export async function* paginate<Paths extends {}, P extends ListPaths<Paths>>(
  client: Client<Paths>,
  path: P,
  ...[init]: PaginateInit<Paths, P>
): AsyncGenerator<PageItem<Paths, P>, void, undefined> {
  const get = client.GET as unknown as (path: P, init: unknown) => Promise<CallResult>;
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } };
  const query = options.params?.query ?? {};
  const pageSize = typeof query.itemsPerPage === "number" ? query.itemsPerPage : MAX_ITEMS_PER_PAGE;
  let pageNum = typeof query.pageNum === "number" ? query.pageNum : 1;
  for (;;) {
    const page = unwrap(
      await get(path, { ...options, params: { ...options.params, query: { ...query, pageNum, itemsPerPage: pageSize } } }),
    ) as Page;
    const results = page.results ?? [];
    yield* results as PageItem<Paths, P>[];
    if (isLastPage(page, results.length, pageNum, pageSize)) return;
    pageNum += 1;
  }
}

function isLastPage(page: Page, count: number, pageNum: number, pageSize: number): boolean {
  if (count < pageSize) return true;
  if (typeof page.totalCount === "number" && pageNum * pageSize >= page.totalCount) return true;
  return page.links !== undefined && !page.links.some((link) => link.rel === "next");
}
