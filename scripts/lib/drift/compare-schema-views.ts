import type { RawFinding } from "./drift-finding.js";
import type { SchemaView } from "./view-schema.js";

/** Where two schemas sit: the JSON path on each side, and the name a finding gives them (`request.apiKey`). */
export interface SchemaPlace {
  readonly ours: string;
  readonly official: string;
  readonly what: string;
}

/**
 * Compares a request or answer body schema as the user sees it. Request bodies: properties,
 * `required` and every property's constraints (type, enum, pattern, lengths, bounds, format,
 * nullable); read-only properties are left out, since nobody sends them. Answers: properties
 * and their types; write-only properties are left out.
 */
export function compareSchemaViews(ours: SchemaView, official: SchemaView, side: "request" | "response", place: SchemaPlace): RawFinding[] {
  const out: RawFinding[] = [];
  walk(ours, official, side, place, out);
  return out;
}

function walk(ours: SchemaView, official: SchemaView, side: "request" | "response", place: SchemaPlace, out: RawFinding[]): void {
  const constraint = (key: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    out.push({
      kind: "constraint-changed",
      what: `${place.what}.${key}`,
      ours: { at: `${place.ours}.${key}`, value: a },
      official: { at: `${place.official}.${key}`, value: b },
    });
  };
  // An untyped schema on one side says nothing to compare against.
  if (ours.type !== undefined && official.type !== undefined) constraint("type", ours.type, official.type);
  constraint("nullable", ours.nullable, official.nullable);
  if (ours.type !== official.type && ours.type !== undefined && official.type !== undefined) return;
  if (side === "request") {
    for (const key of new Set([...Object.keys(ours.constraints), ...Object.keys(official.constraints)])) {
      constraint(key, ours.constraints[key], official.constraints[key]);
    }
  }

  const visible = (view: SchemaView): string[] =>
    Object.entries(view.properties)
      .filter(([, p]) => !(side === "request" ? p.readOnly : p.writeOnly))
      .map(([name]) => name);
  const ourNames = new Set(visible(ours));
  const officialNames = new Set(visible(official));
  for (const name of new Set([...ourNames, ...officialNames])) {
    const at = { ours: `${place.ours}.properties.${name}`, official: `${place.official}.properties.${name}`, what: `${place.what}.${name}` };
    const a = ours.properties[name];
    const b = official.properties[name];
    if (!ourNames.has(name) || !a) {
      out.push({ kind: `${side}-property-added`, what: at.what, ours: { at: at.ours }, official: { at: at.official, value: b?.type ?? "any" } });
    } else if (!officialNames.has(name) || !b) {
      out.push({ kind: `${side}-property-removed`, what: at.what, ours: { at: at.ours, value: a.type ?? "any" }, official: { at: at.official } });
    } else {
      if (side === "request" && ours.required.includes(name) !== official.required.includes(name)) {
        out.push({
          kind: "request-required-changed",
          what: at.what,
          ours: { at: `${place.ours}.required`, value: ours.required.includes(name) ? "required" : "optional" },
          official: { at: `${place.official}.required`, value: official.required.includes(name) ? "required" : "optional" },
        });
      }
      walk(a, b, side, at, out);
    }
  }
  if (ours.items && official.items) {
    walk(ours.items, official.items, side, { ours: `${place.ours}.items`, official: `${place.official}.items`, what: `${place.what}[]` }, out);
  }
}
