/**
 * One page of a list, as Atlas answers it: `{ results, totalCount, links }`.
 *
 * @module
 */
import { MockError } from "../core/mock-error.js";

/** A page of results. `totalCount` is left out when the caller sent `includeCount=false`. */
export interface Page<T> {
  readonly results: readonly T[];
  readonly totalCount?: number;
  readonly links: readonly { readonly href: string; readonly rel: string }[];
}

/**
 * Cuts the page that `url`'s `pageNum` (1-based, default 1) and `itemsPerPage` (1..500,
 * default 100) ask for. A value out of range is refused with 400 `INVALID_QUERY_PARAMETER`;
 * links are absolute, built from `url`.
 */
export function pageOf<T>(items: readonly T[], url: URL): Page<T> {
  const pageNum = readInteger(url, "pageNum", 1, 1, Number.MAX_SAFE_INTEGER);
  const itemsPerPage = readInteger(url, "itemsPerPage", 100, 1, 500);
  const start = (pageNum - 1) * itemsPerPage;
  const links = [{ href: pageHref(url, pageNum), rel: "self" }];
  if (pageNum > 1) links.push({ href: pageHref(url, pageNum - 1), rel: "previous" });
  if (start + itemsPerPage < items.length) links.push({ href: pageHref(url, pageNum + 1), rel: "next" });
  const results = items.slice(start, start + itemsPerPage);
  return url.searchParams.get("includeCount") === "false" ? { results, links } : { results, totalCount: items.length, links };
}

function readInteger(url: URL, name: string, fallback: number, min: number, max: number): number {
  const text = url.searchParams.get(name);
  if (text === null) return fallback;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
  throw new MockError(400, "INVALID_QUERY_PARAMETER", `Query parameter ${name} must be an integer ${range}; got ${JSON.stringify(text)}.`, [
    { field: name, description: `must be an integer ${range}` },
  ]);
}

function pageHref(url: URL, pageNum: number): string {
  const href = new URL(url);
  href.searchParams.set("pageNum", String(pageNum));
  return href.toString();
}
