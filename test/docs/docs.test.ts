/**
 * `npm run docs` as a reader meets it: the pages are built into a folder of their own and
 * opened in Debian's chromium (driven by playwright-core) with every request that is not
 * `file://` refused, so anything loaded from a CDN would be missing. Each HTTP reference
 * page must show every operation of its surfaces and find them with its search; the
 * TypeDoc reference must show its title once, readable sidebar headings, the README's
 * tables inside the content column, the factories first, and no giant `paths` pages.
 *
 * Without chromium the test is skipped on a workstation, and fails in CI (which installs it).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleSpec, type OpenApiDocument } from "../../scripts/lib/bundle-spec.js";
import { operations, type Surface } from "../../src/index.js";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install chromium for the docs test`);

const PAGES: readonly { readonly name: string; readonly surfaces: readonly Surface[] }[] = [
  { name: "atlas", surfaces: ["atlas-v2", "atlas-v1.0"] },
  { name: "cloud-manager", surfaces: ["cloud-manager"] },
  { name: "ops-manager", surfaces: ["ops-manager"] },
];

/** The first tag of an operation in the bundled spec. */
function tagOf(spec: OpenApiDocument, path: string, method: string): string {
  const paths = spec.paths as Record<string, Record<string, { tags?: string[] }>>;
  return paths[path]?.[method.toLowerCase()]?.tags?.[0] ?? "";
}

/** Redoc's anchor for a tag: "Organizations (v1.0)" → "organizations-(v1.0)". */
function slug(tag: string): string {
  return tag.toLowerCase().replace(/\s+/g, "-");
}

let out = "";
let browser: Browser;
const blocked: string[] = [];

/** A page with the network cut off: only file:// loads. */
async function offlinePage(file: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(pathToFileURL(join(out, file)).href);
  return { page, errors };
}

describe.skipIf(!hasChromium)("npm run docs, read offline in chromium", () => {
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "atlas-docs-"));
    await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/docs.ts"], { cwd: ROOT, env: { ...process.env, DOCS_OUT: out }, maxBuffer: 16 * 1024 * 1024 });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it.each(PAGES.map((page) => [page.name, page.surfaces] as const))("%s.html shows every operation of its surfaces and its search finds them, with no network", async (name, surfaces) => {
    const { page, errors } = await offlinePage(`${name}.html`);
    // Redoc replaces its "Loading..." once its script has run.
    await page.waitForFunction('!document.body.innerText.includes("Loading...")', undefined, { timeout: 20_000 });

    await page.getByTestId("search-trigger").click();
    await page.getByPlaceholder("Search docs...").fill("teams");
    const results = page.getByText(/\/orgs\/\{orgId\}\/teams/);
    await results.first().waitFor({ timeout: 10_000 });
    expect(await results.count()).toBeGreaterThan(0);
    await page.keyboard.press("Escape");

    // Redoc gives every operation a link, #/<tag>/<operationid>; following it shows the operation.
    const spec = await bundleSpec(`spec/${name}.yaml`);
    const expected = operations.filter((operation) => surfaces.includes(operation.surface));
    expect(expected.length).toBeGreaterThan(0);
    for (const operation of expected) {
      const tag = tagOf(spec, operation.path, operation.method);
      await page.evaluate(`location.hash = ${JSON.stringify(`#/${slug(tag)}/${operation.operationId.toLowerCase()}`)}`);
      await expect.poll(() => page.locator("#api-content").innerText(), { timeout: 10_000, message: operation.operationId }).toContain(operation.path);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it("loads Redoc's script from the page itself, nothing from a CDN", () => {
    expect(blocked.filter((url) => url.endsWith(".js"))).toEqual([]);
  });

  it("shows the API reference's title once, headings without empty parentheses, and tables inside the content column", async () => {
    const { page, errors } = await offlinePage("api/index.html");
    expect(await page.locator("h1").allInnerTexts()).toEqual(["atlas-admin-client"]);
    const onThisPage = (await page.locator(".tsd-page-navigation").innerText()).split("\n");
    expect(onThisPage).toContain("The mock (atlas-admin-client/mock)");
    expect(onThisPage).toContain("The CLI (atlas-admin)");
    expect(onThisPage.filter((line) => line.includes("()"))).toEqual([]);

    const content = await page.locator(".col-content").boundingBox();
    const tables = await page.locator(".col-content table").evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().right));
    expect(tables.length).toBeGreaterThan(0);
    for (const right of tables) expect(right).toBeLessThanOrEqual((content?.x ?? 0) + (content?.width ?? 0) + 1);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it("puts the factories first in the navigation and writes no giant paths pages", async () => {
    const { page } = await offlinePage("api/modules/index.html");
    await page.locator("#tsd-nav-container a").first().waitFor();
    const index = await page.locator(".site-menu").innerText();
    const order = ["createAtlasClient", "createCloudManagerClient", "createOpsManagerClient", "AtlasApiError", "ClientOptions"].map((name) => index.indexOf(name));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    await page.context().close();

    const sizes: number[] = [];
    for (const folder of await readdir(join(out, "api"))) {
      if (!folder.includes(".")) for (const file of await readdir(join(out, "api", folder))) sizes.push((await stat(join(out, "api", folder, file))).size);
    }
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
  }, 60_000);
});
