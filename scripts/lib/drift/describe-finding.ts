import type { DriftSide, RawFinding } from "./drift-finding.js";

/** The human detail of a finding: what differs, the JSON path on both sides and both values. */
export function describeFinding(finding: RawFinding): string {
  const versions = finding.versions?.length ? ` (version${finding.versions.length > 1 ? "s" : ""} ${finding.versions.join(", ")})` : "";
  return `${finding.what}${versions}: spec/ ${side(finding.ours)}; official ${side(finding.official)}`;
}

function side({ at, value }: DriftSide): string {
  return value === undefined ? `${at}: absent` : `${at} = ${JSON.stringify(value)}`;
}
