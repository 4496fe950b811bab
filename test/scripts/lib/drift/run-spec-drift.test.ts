import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIFT_KINDS, type DriftReport } from "../../../../scripts/lib/drift/drift-finding.js";
import { runSpecDrift, type DriftRun } from "../../../../scripts/lib/drift/run-spec-drift.js";

const FIXTURES = resolve(import.meta.dirname, "../../../fixtures/drift");
const OURS = join(FIXTURES, "ours.yaml");
const fixture = (name: string): string => join(FIXTURES, name);
const drift = (...args: string[]): Promise<DriftRun> => runSpecDrift(["--ours", OURS, ...args]);
const reportOf = (run: DriftRun): DriftReport => JSON.parse(run.stdout) as DriftReport;
const finding = (report: DriftReport, operationId: string, detailStart: string) =>
  report.findings.find((f) => f.operationId === operationId && f.detail.startsWith(detailStart));

/** A fetch that answers `text` (or fails) without touching the network. */
const fetchAnswering = (status: number, text: string) => async () => ({ ok: status < 400, status, statusText: status < 400 ? "OK" : "Not Found", text: async () => text });

describe("runSpecDrift against a small official spec", () => {
  let yamlRun: DriftRun;
  let report: DriftReport;
  beforeAll(async () => {
    yamlRun = await drift("--json", fixture("official.yaml"));
    report = reportOf(yamlRun);
  });

  it("prints exactly { official, findings, notCovered } with findings of the documented shape, and exits 1 on drift", () => {
    expect(yamlRun.exitCode).toBe(1);
    expect(Object.keys(report)).toEqual(["official", "findings", "notCovered"]);
    expect(report.official).toEqual({ title: "Things (official)", version: "2.0" });
    for (const f of report.findings) {
      expect(Object.keys(f).filter((k) => !["operationId", "method", "path", "kind", "detail", "accepted"].includes(k))).toEqual([]);
    }
  });

  it("finds a difference of every kind in the fixture", () => {
    expect(new Set(report.findings.map((f) => f.kind))).toEqual(new Set(DRIFT_KINDS));
  });

  it("names what differs, the JSON path on both sides and both values", () => {
    expect(finding(report, "createThing", "request.name.maxLength")?.detail).toBe(
      "request.name.maxLength (version 2023-01-01): spec/ $.paths['/api/atlas/v2/orgs/{orgId}/things'].post.requestBody.content['application/vnd.atlas.2023-01-01+json'].schema.properties.name.maxLength = 64; " +
        "official $.paths['/api/atlas/v2/orgs/{orgId}/things'].post.requestBody.content['application/vnd.atlas.2023-01-01+json'].schema.properties.name.maxLength = 100",
    );
    expect(finding(report, "listThings", "operationId")).toMatchObject({ kind: "operation-renamed", method: "GET", path: "/api/atlas/v2/orgs/{orgId}/things" });
    expect(finding(report, "listThings", "operationId")?.detail).toContain('= "listOrgThings"');
    expect(finding(report, "listThings", "2023-01-01")).toMatchObject({ kind: "sunset-changed" });
    expect(finding(report, "listThings", "2023-01-01")?.detail).toMatch(/= "2026-01-01".*= "2026-06-01"/);
    expect(finding(report, "createThing", "request.kind ")).toMatchObject({ kind: "request-required-changed" });
    expect(finding(report, "listGadgets", "operation")).toMatchObject({ kind: "operation-missing" });
  });

  it("follows $ref and allOf on both sides and compares what a user sees: the request name comes from an allOf part, the answer's id from a $ref'd base", () => {
    expect(finding(report, "createThing", "request.color")).toMatchObject({ kind: "request-property-added" });
    expect(finding(report, "createThing", "request.tags")).toMatchObject({ kind: "request-property-removed" });
    expect(finding(report, "listThings", "response.results[].createdAt")).toMatchObject({ kind: "response-property-added" });
    // Read-only `id` is in both answers and never sent: no finding for it anywhere.
    expect(report.findings.filter((f) => /\bid\b/.test(f.detail.split(":")[0] ?? ""))).toEqual([]);
  });

  it("reads OpenAPI 3.0 nullable as 3.1's type [x, null], an integer's exclusive 0 as minimum 1, ^(x)$ as ^x$ and int32 as plain integer", () => {
    const subjects = report.findings.map((f) => f.detail.split(" ")[0]);
    expect(subjects.filter((s) => s?.includes("size") || s?.includes("orgId"))).toEqual([]);
  });

  it("lists upstream operations of the same resources that spec/ lacks, and nothing of other resources or of v1.0", () => {
    expect(report.notCovered).toEqual([{ operationId: "getThing", method: "GET", path: "/api/atlas/v2/orgs/{orgId}/things/{thingId}" }]);
    expect(report.findings.some((f) => f.path.includes("/v1.0/"))).toBe(false);
  });

  it("marks a departure declared in x-drift-accepted with its reason, and warns about an entry that matches nothing", () => {
    expect(finding(report, "deleteThing", "409")).toMatchObject({ kind: "status-removed", accepted: "Deleting a thing that is in use is refused with 409." });
    expect(yamlRun.stderr).toBe("warning: x-drift-accepted entry matches no finding (remove it): deleteThing: status-removed 418\n");
  });

  it("gives the same report for the JSON form of the document", async () => {
    const jsonRun = await drift("--json", fixture("official.json"));
    expect(jsonRun.exitCode).toBe(1);
    expect(reportOf(jsonRun)).toEqual(report);
  });

  it("prints a readable report grouped by operation, with counts by kind and what is not covered", async () => {
    const text = (await drift(fixture("official.yaml"))).stdout;
    expect(text).toMatch(/^Compared with: Things \(official\) 2\.0\n/);
    expect(text).toContain("\ncreateThing  POST /api/atlas/v2/orgs/{orgId}/things\n  DRIFT    constraint-changed  request.name.maxLength");
    expect(text).toContain("  accepted status-removed  409: ");
    expect(text).toContain("           why: Deleting a thing that is in use is refused with 409.\n");
    expect(text).toContain(`${report.findings.length} finding(s): ${report.findings.length - 1} drift, 1 accepted\n`);
    expect(text).toContain("  status-removed: 1 (1 accepted)\n");
    expect(text).toMatch(/Not covered by spec\/ \(upstream operations of the same resources\): 1\n {2}getThing {2}GET \/api\/atlas\/v2\/orgs\/\{orgId\}\/things\/\{thingId\}\n$/);
  });
});

describe("runSpecDrift's exit codes", () => {
  it("exits 0 when every difference is accepted, reading an https URL", async () => {
    const official = parse(await readFile(OURS, "utf8")) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    delete official.paths["/api/atlas/v2/orgs/{orgId}/things/{thingId}"]?.delete?.responses["409"];
    const run = await runSpecDrift(["--ours", OURS, "--json", "https://example.test/v2.json"], { fetch: fetchAnswering(200, JSON.stringify(official)) });
    expect(run.exitCode).toBe(0);
    expect(reportOf(run).findings).toEqual([expect.objectContaining({ operationId: "deleteThing", kind: "status-removed", accepted: expect.any(String) })]);
  });

  describe("exits 2 with one clear message and no stack trace when the input cannot be read", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "drift-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const cases: [string, () => Promise<DriftRun>, RegExp][] = [
      ["a missing file", () => drift(fixture("nope.yaml")), /nope\.yaml: cannot read it \(no such file\)/],
      ["a folder", () => drift(FIXTURES), /drift: cannot read it \(it is a folder\)/],
      ["broken YAML", () => drift(fixture("broken.yaml")), /broken\.yaml: not valid JSON or YAML/],
      ["a document that is not OpenAPI", () => drift(fixture("not-openapi.json")), /not-openapi\.json: not an OpenAPI document/],
      ["a plain http URL", () => drift("http://example.test/v2.yaml"), /only https URLs are read/],
      ["a download that fails", () => runSpecDrift(["--ours", OURS, "https://example.test/v2.yaml"], { fetch: async () => Promise.reject(new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND example.test") })) }), /https:\/\/example\.test\/v2\.yaml: could not download it \(fetch failed: getaddrinfo ENOTFOUND example\.test\)/],
      ["a URL answered 404", () => runSpecDrift(["--ours", OURS, "https://example.test/v2.yaml"], { fetch: fetchAnswering(404, "") }), /answered 404 Not Found/],
      ["no document given", () => runSpecDrift([]), /give the official spec to compare with/],
      ["an unknown option", () => runSpecDrift(["--jsno", "x.yaml"]), /Unknown option '--jsno'/],
    ];
    for (const [name, run, message] of cases) {
      it(name, async () => {
        const result = await run();
        expect(result.exitCode).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toMatch(message);
        expect(result.stderr).toContain("usage: npm run spec:drift");
        expect(result.stderr).not.toMatch(/\n\s+at /);
      });
    }

    it("an x-drift-accepted entry with an unknown kind, naming the operation and the field", async () => {
      const bad = join(dir, "bad.yaml");
      await writeFile(bad, (await readFile(OURS, "utf8")).replace("- kind: status-removed\n          what: \"409\"", "- kind: status-gone\n          what: \"409\""));
      const result = await runSpecDrift(["--ours", bad, fixture("official.yaml")]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/deleteThing \(DELETE \/api\/atlas\/v2\/orgs\/\{orgId\}\/things\/\{thingId\}\) x-drift-accepted\[0\]\.kind: must be one of operation-missing, /);
    });
  });
});
