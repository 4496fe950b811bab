import { compareSchemaViews } from "./compare-schema-views.js";
import type { RawFinding } from "./drift-finding.js";
import type { OpenApiDocument } from "./load-official-spec.js";
import type { OperationView } from "./read-operations.js";
import { viewSchema } from "./view-schema.js";

/**
 * Compares the path, query and header parameters of one operation: which exist, whether each
 * is required, and the constraints of its schema. `what` is `in.name` (`query.pageNum`), followed
 * by the changed keyword for a `parameter-changed`.
 */
export function compareParameters(ours: OperationView, oursDoc: OpenApiDocument, official: OperationView, officialDoc: OpenApiDocument): RawFinding[] {
  const out: RawFinding[] = [];
  for (const key of new Set([...ours.parameters.keys(), ...official.parameters.keys()])) {
    const a = ours.parameters.get(key);
    const b = official.parameters.get(key);
    if (!a && b) {
      out.push({ kind: "parameter-added", what: key, ours: { at: `${ours.at}.parameters` }, official: { at: b.at, value: summary(b.value) } });
    } else if (a && !b) {
      out.push({ kind: "parameter-removed", what: key, ours: { at: a.at, value: summary(a.value) }, official: { at: `${official.at}.parameters` } });
    } else if (a && b) {
      if ((a.value.required === true) !== (b.value.required === true)) {
        out.push({
          kind: "parameter-changed",
          what: `${key}.required`,
          ours: { at: `${a.at}.required`, value: a.value.required === true },
          official: { at: `${b.at}.required`, value: b.value.required === true },
        });
      }
      const schemaFindings = compareSchemaViews(viewSchema(a.value.schema ?? {}, oursDoc), viewSchema(b.value.schema ?? {}, officialDoc), "request", {
        ours: `${a.at}.schema`,
        official: `${b.at}.schema`,
        what: key,
      });
      out.push(...schemaFindings.map((finding) => ({ ...finding, kind: "parameter-changed" as const })));
    }
  }
  return out;
}

function summary(parameter: Record<string, unknown>): string {
  return parameter.required === true ? "required" : "optional";
}
