import { DRIFT_KINDS, type DriftKind } from "./drift-finding.js";
import { DriftInputError } from "./drift-input-error.js";
import type { OperationView } from "./read-operations.js";

/** One entry of an operation's `x-drift-accepted` list: a deliberate departure from the official spec. */
export interface AcceptedDeparture {
  readonly kind: DriftKind;
  /** What differs, exactly as the finding names it (a status, `query.pageNum`, `request.apiKey.desc.maxLength`, …). */
  readonly what: string;
  /** Why spec/ departs, in a sentence a user understands. */
  readonly why: string;
}

/** Reads and checks the `x-drift-accepted` list of an operation of spec/. */
export function readAcceptedDepartures(op: OperationView): AcceptedDeparture[] {
  const list = op.operation["x-drift-accepted"];
  if (list === undefined) return [];
  const where = `${op.operationId} (${op.method} ${op.path}) x-drift-accepted`;
  if (!Array.isArray(list)) throw new DriftInputError(`${where}: must be a list of { kind, what, why }`);
  return list.map((entry: unknown, i) => {
    const { kind, what, why } = (entry ?? {}) as Record<string, unknown>;
    if (typeof kind !== "string" || !(DRIFT_KINDS as readonly string[]).includes(kind)) {
      throw new DriftInputError(`${where}[${i}].kind: must be one of ${DRIFT_KINDS.join(", ")}`);
    }
    if (typeof what !== "string" || what === "") throw new DriftInputError(`${where}[${i}].what: must name what differs, as the finding does`);
    if (typeof why !== "string" || why.trim() === "") throw new DriftInputError(`${where}[${i}].why: must say why, in a sentence`);
    return { kind: kind as DriftKind, what, why };
  });
}
