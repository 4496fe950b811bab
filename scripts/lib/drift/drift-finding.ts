/** The kinds of difference `npm run spec:drift` reports, as the maintainers' checklist names them. */
export const DRIFT_KINDS = [
  "operation-missing",
  "operation-renamed",
  "version-added",
  "version-removed",
  "sunset-changed",
  "status-added",
  "status-removed",
  "parameter-added",
  "parameter-removed",
  "parameter-changed",
  "request-property-added",
  "request-property-removed",
  "request-required-changed",
  "response-property-added",
  "response-property-removed",
  "constraint-changed",
  "header-changed",
] as const;

/** One kind of difference between spec/ and the official document ("added" means: upstream has it, spec/ lacks it). */
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** One side of a difference: where it is (a JSON path into that document, `$ref`s followed) and what it holds there. */
export interface DriftSide {
  readonly at: string;
  /** `undefined` when that side lacks it. */
  readonly value?: unknown;
}

/**
 * A difference before it is tied to its operation. `what` names the thing that differs
 * (a status, `query.pageNum`, `request.apiKey.desc`, …): with the kind, it is what an
 * `x-drift-accepted` entry matches.
 */
export interface RawFinding {
  readonly kind: DriftKind;
  readonly what: string;
  readonly ours: DriftSide;
  readonly official: DriftSide;
  /** The media-type versions the difference was seen in, for body and header findings. */
  readonly versions?: readonly string[];
}

/** One finding of the report, as `--json` prints it. */
export interface DriftFinding {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly kind: DriftKind;
  readonly detail: string;
  /** Present when spec/ declares the departure in `x-drift-accepted`: its reason. */
  readonly accepted?: string;
}

/** An upstream operation of the resources spec/ describes that spec/ does not have. */
export interface UncoveredOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
}

/** The whole report, as `--json` prints it. */
export interface DriftReport {
  readonly official: { readonly title: string; readonly version: string };
  readonly findings: readonly DriftFinding[];
  readonly notCovered: readonly UncoveredOperation[];
}
