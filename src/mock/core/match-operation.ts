/**
 * Which operation of the table a concrete request is for: the mock routes by it.
 *
 * @module
 */
import { operations, type OperationInfo, type Surface } from "../../../generated/operations.js";

/** An operation matched against a concrete request path, with its path parameters decoded. */
export interface OperationMatch {
  readonly operation: OperationInfo;
  readonly pathParams: Readonly<Record<string, string>>;
}

interface CompiledOperation {
  readonly operation: OperationInfo;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

// Built on first use.
let compiled: readonly CompiledOperation[] | undefined;

function compile(): readonly CompiledOperation[] {
  return operations.map((operation) => {
    const names: string[] = [];
    // `{name}` matches one path segment; everything else (including `:addUser`) is literal.
    const source = operation.path
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(name);
        return "([^/]+?)";
      })
      .join("");
    return { operation, regex: new RegExp(`^${source}/?$`), names };
  });
}

/**
 * The operation that a concrete request (method and URL pathname) is for, on one of the
 * given surfaces. Literal paths win over templated ones (`teams/byName/x` over `teams/{teamId}`).
 */
export function matchOperation(
  surfaces: readonly Surface[],
  method: string,
  pathname: string,
): OperationMatch | undefined {
  const upper = method.toUpperCase();
  let best: { match: OperationMatch; literal: number } | undefined;
  for (const { operation, regex, names } of (compiled ??= compile())) {
    if (operation.method !== upper || !surfaces.includes(operation.surface)) continue;
    const found = regex.exec(pathname);
    if (!found) continue;
    const literal = operation.path.replace(/\{[^}]+\}/g, "").length;
    if (best && best.literal >= literal) continue;
    const pathParams: Record<string, string> = {};
    names.forEach((name, i) => {
      pathParams[name] = safeDecode(found[i + 1] ?? "");
    });
    best = { match: { operation, pathParams }, literal };
  }
  return best?.match;
}

/** The surfaces a path belongs to, from its prefix; the public API path serves two surfaces. */
export function surfacesOfPath(pathname: string): readonly Surface[] {
  if (pathname.startsWith("/api/atlas/v2")) return ["atlas-v2"];
  if (pathname.startsWith("/api/atlas/v1.0")) return ["atlas-v1.0"];
  if (pathname.startsWith("/api/public/v1.0")) return ["cloud-manager", "ops-manager"];
  return [];
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
