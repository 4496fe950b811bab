import type { OperationInfo, RequestSchema, Surface } from "../../generated/operations.js";

/**
 * One row of the generated operations table: `METHOD path operationId`, the path after its
 * group's prefix, then what differs from the defaults — `versions=date,date~sunset` (oldest
 * first), `deprecated`, `replacedBy=operationId`, `paginated`, `successStatus=201` (200
 * otherwise), `body=n` (an index into the table's bodies). Retry safety (all but POST and
 * PATCH) and path parameters (a pattern per name) are derived; a row that differs gives them
 * in a second element.
 */
export type OperationRow = string | readonly [string, Partial<Pick<OperationInfo, "retrySafe" | "pathParams">>];

/**
 * The {@link OperationInfo} a compact row stands for. The generated table expands its rows
 * with it at load, and the generator writes a row only when this gives the spec's operation
 * back unchanged, so the two can never disagree.
 */
export function expandOperationRow(
  row: OperationRow,
  surface: Surface,
  prefix: string,
  patterns: Readonly<Record<string, string>>,
  bodies: readonly RequestSchema[],
): OperationInfo {
  const [line, overrides = {}] = typeof row === "string" ? [row] : row;
  const [method, relativePath = "", operationId = "", ...words] = line.split(" ") as [OperationInfo["method"], string?, string?, ...string[]];
  const word: Record<string, string | undefined> = Object.fromEntries(words.map((item) => item.split("=")));
  const { versions, replacedBy, successStatus, body } = word;
  const path = prefix + relativePath;
  return {
    operationId,
    surface,
    method,
    path,
    versions:
      versions?.split(",").map((item) => {
        const [version = "", sunset] = item.split("~");
        return sunset === undefined ? { version } : { version, sunset };
      }) ?? [],
    deprecated: "deprecated" in word,
    ...(replacedBy === undefined ? {} : { replacedBy }),
    paginated: "paginated" in word,
    retrySafe: overrides.retrySafe ?? (method !== "POST" && method !== "PATCH"),
    successStatus: Number(successStatus ?? 200),
    pathParams:
      overrides.pathParams ??
      Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name = ""]) => [name, patterns[name] === undefined ? {} : { pattern: patterns[name] }])),
    ...(body === undefined ? {} : { requestBody: bodies[Number(body)] as RequestSchema }),
  };
}
