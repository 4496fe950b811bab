import { compareParameters } from "./compare-parameters.js";
import { compareSchemaViews } from "./compare-schema-views.js";
import type { RawFinding } from "./drift-finding.js";
import type { OpenApiDocument } from "./load-official-spec.js";
import type { Located, OperationView, SuccessView } from "./read-operations.js";
import { viewSchema } from "./view-schema.js";

/**
 * Every difference between one operation of spec/ and the official operation of the same
 * method and path: operationId, versions and sunsets, statuses, parameters, request body,
 * success answer body and success headers. A body difference seen in several versions is one
 * finding listing them.
 */
export function compareOperation(ours: OperationView, oursDoc: OpenApiDocument, official: OperationView, officialDoc: OpenApiDocument): RawFinding[] {
  const out: RawFinding[] = [];
  if (ours.operationId !== official.operationId) {
    out.push({
      kind: "operation-renamed",
      what: "operationId",
      ours: { at: `${ours.at}.operationId`, value: ours.operationId },
      official: { at: `${official.at}.operationId`, value: official.operationId },
    });
  }
  compareVersions(ours, official, out);
  for (const code of union(ours.statuses.keys(), official.statuses.keys())) {
    const a = ours.statuses.get(code);
    const b = official.statuses.get(code);
    if (a === undefined) out.push({ kind: "status-added", what: code, ours: { at: `${ours.at}.responses` }, official: { at: b ?? "", value: code } });
    else if (b === undefined) out.push({ kind: "status-removed", what: code, ours: { at: a, value: code }, official: { at: `${official.at}.responses` } });
  }
  out.push(...compareParameters(ours, oursDoc, official, officialDoc));

  const bodies: RawFinding[] = [];
  const compareMedia = (a: ReadonlyMap<string, Located>, b: ReadonlyMap<string, Located>, side: "request" | "response"): void => {
    for (const [version, mine] of a) {
      const theirs = b.get(version);
      if (!theirs || mine.value === undefined || theirs.value === undefined) continue;
      const found = compareSchemaViews(viewSchema(mine.value, oursDoc), viewSchema(theirs.value, officialDoc), side, { ours: mine.at, official: theirs.at, what: side });
      bodies.push(...found.map((finding) => ({ ...finding, versions: [version] })));
    }
  };
  compareMedia(ours.requestMedia, official.requestMedia, "request");
  for (const [code, mine] of ours.success) {
    const theirs = official.success.get(code);
    if (!theirs) continue;
    compareMedia(mine.media, theirs.media, "response");
    compareHeaders(mine, theirs, oursDoc, officialDoc, out);
  }
  out.push(...mergeVersions(bodies));
  return out;
}

function compareVersions(ours: OperationView, official: OperationView, out: RawFinding[]): void {
  for (const version of union(ours.versions.keys(), official.versions.keys())) {
    const a = ours.versions.get(version);
    const b = official.versions.get(version);
    if (!a && b) out.push({ kind: "version-added", what: version, ours: { at: ours.at }, official: { at: b.at.replace(/\['x-sunset'\]$/, ""), value: version } });
    else if (a && !b) out.push({ kind: "version-removed", what: version, ours: { at: a.at.replace(/\['x-sunset'\]$/, ""), value: version }, official: { at: official.at } });
    else if (a && b && a.value !== b.value) out.push({ kind: "sunset-changed", what: version, ours: { at: a.at, value: a.value }, official: { at: b.at, value: b.value } });
  }
}

function compareHeaders(ours: SuccessView, official: SuccessView, oursDoc: OpenApiDocument, officialDoc: OpenApiDocument, out: RawFinding[]): void {
  for (const name of union(ours.headers.keys(), official.headers.keys())) {
    const a = ours.headers.get(name);
    const b = official.headers.get(name);
    const what = `headers.${b?.name ?? a?.name ?? name}`;
    if (!a || !b) {
      out.push({
        kind: "header-changed",
        what,
        ours: a ? { at: a.at, value: "declared" } : { at: `${ours.at}.headers` },
        official: b ? { at: b.at, value: "declared" } : { at: `${official.at}.headers` },
      });
      continue;
    }
    const typeA = viewSchema(a.value.schema ?? {}, oursDoc).type;
    const typeB = viewSchema(b.value.schema ?? {}, officialDoc).type;
    if (typeA !== typeB) out.push({ kind: "header-changed", what: `${what}.type`, ours: { at: `${a.at}.schema.type`, value: typeA }, official: { at: `${b.at}.schema.type`, value: typeB } });
  }
}

// The same difference in several versions (the same schema served under each) is reported once.
function mergeVersions(findings: readonly RawFinding[]): RawFinding[] {
  const merged = new Map<string, RawFinding>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.kind, finding.what, finding.ours.value, finding.official.value]);
    const known = merged.get(key);
    merged.set(key, known ? { ...known, versions: [...(known.versions ?? []), ...(finding.versions ?? [])] } : finding);
  }
  return [...merged.values()];
}

function union(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
