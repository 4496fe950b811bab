import { compareOperation } from "./compare-operation.js";
import { describeFinding } from "./describe-finding.js";
import type { DriftFinding, DriftReport, UncoveredOperation } from "./drift-finding.js";
import type { OpenApiDocument } from "./load-official-spec.js";
import { readAcceptedDepartures, type AcceptedDeparture } from "./read-accepted-departures.js";
import { readOperations, type OperationView } from "./read-operations.js";

/** The report, and the `x-drift-accepted` entries that matched no finding (stale: the difference is gone). */
export interface DriftResult {
  readonly report: DriftReport;
  readonly unusedAcceptances: readonly string[];
}

/**
 * Compares every Atlas v2 operation of `ours` (spec/, bundled) with the official operation of the
 * same method and path, and lists the official operations of the same resources that `ours` lacks.
 */
export function findDrift(ours: OpenApiDocument, official: OpenApiDocument): DriftResult {
  const officialOps = readOperations(official);
  const byKey = new Map(officialOps.map((op) => [op.key, op]));
  const findings: DriftFinding[] = [];
  const unusedAcceptances: string[] = [];
  const ourOps = readOperations(ours);

  for (const op of ourOps) {
    const accepted = readAcceptedDepartures(op);
    const used = new Set<AcceptedDeparture>();
    const theirs = byKey.get(op.key);
    const raw = theirs
      ? compareOperation(op, ours, theirs, official)
      : [{ kind: "operation-missing" as const, what: "operation", ours: { at: op.at, value: op.operationId }, official: { at: `$.paths['${op.path}'].${op.method.toLowerCase()}` } }];
    for (const finding of raw) {
      const match = accepted.find((entry) => entry.kind === finding.kind && entry.what === finding.what);
      if (match) used.add(match);
      findings.push({
        operationId: op.operationId,
        method: op.method,
        path: op.path,
        kind: finding.kind,
        detail: describeFinding(finding),
        ...(match ? { accepted: match.why } : {}),
      });
    }
    for (const entry of accepted) {
      if (!used.has(entry)) unusedAcceptances.push(`${op.operationId}: ${entry.kind} ${entry.what}`);
    }
  }

  const info = (official.info ?? {}) as Record<string, unknown>;
  return {
    report: {
      official: { title: String(info.title ?? ""), version: String(info.version ?? "") },
      findings,
      notCovered: notCovered(ourOps, officialOps),
    },
    unusedAcceptances,
  };
}

// The resources of spec/ are its paths cut after three segments below /api/atlas/v2
// (`/orgs/{}/teams`: everything under it); a shorter path (`/orgs`, `/orgs/{}`) covers itself only.
function notCovered(ours: readonly OperationView[], official: readonly OperationView[]): UncoveredOperation[] {
  const have = new Set(ours.map((op) => op.key));
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const op of ours) {
    const segments = blank(op.path).split("/").slice(4);
    if (segments.length >= 3) prefixes.add(segments.slice(0, 3).join("/"));
    else exact.add(segments.join("/"));
  }
  return official
    .filter((op) => {
      if (have.has(op.key)) return false;
      const segments = blank(op.path).split("/").slice(4);
      return exact.has(segments.join("/")) || (segments.length >= 3 && prefixes.has(segments.slice(0, 3).join("/")));
    })
    .map(({ operationId, method, path }) => ({ operationId, method, path }));
}

function blank(path: string): string {
  return path.replace(/\{[^}]*\}/g, "{}");
}
