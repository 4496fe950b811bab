import type { DriftFinding, DriftReport } from "./drift-finding.js";

/** The readable report: findings grouped by operation, accepted ones marked with their reason, counts by kind, then what is not covered. */
export function formatDriftReport(report: DriftReport): string {
  const lines = [`Compared with: ${report.official.title} ${report.official.version}`.trimEnd(), ""];
  const byOperation = new Map<string, DriftFinding[]>();
  for (const finding of report.findings) {
    const key = `${finding.operationId}  ${finding.method} ${finding.path}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), finding]);
  }
  for (const [operation, findings] of byOperation) {
    lines.push(operation);
    for (const finding of findings) {
      lines.push(`  ${finding.accepted === undefined ? "DRIFT   " : "accepted"} ${finding.kind}  ${finding.detail}`);
      if (finding.accepted !== undefined) lines.push(`           why: ${finding.accepted}`);
    }
    lines.push("");
  }
  const unaccepted = report.findings.filter((f) => f.accepted === undefined);
  lines.push(`${report.findings.length} finding(s): ${unaccepted.length} drift, ${report.findings.length - unaccepted.length} accepted`);
  const open = countByKind(unaccepted);
  for (const [kind, count] of countByKind(report.findings)) {
    const accepted = count - (open.get(kind) ?? 0);
    lines.push(`  ${kind}: ${count}${accepted > 0 ? ` (${accepted} accepted)` : ""}`);
  }
  lines.push("", `Not covered by spec/ (upstream operations of the same resources): ${report.notCovered.length}`);
  for (const op of report.notCovered) lines.push(`  ${op.operationId}  ${op.method} ${op.path}`);
  return `${lines.join("\n")}\n`;
}

/** How many findings of each kind, in the order kinds first appear. */
export function countByKind(findings: readonly DriftFinding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  return counts;
}
