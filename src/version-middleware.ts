import type { Middleware } from "openapi-fetch";
import type { OperationInfo, Surface } from "../generated/operations.js";
import { findOperation } from "./find-operation.js";
import { newerVersion } from "./newer-version.js";
import type { Logger } from "./types.js";

/** Options of {@link versionMiddleware}. */
export interface VersionMiddlewareOptions {
  /** The surfaces the client speaks; an operation is looked up on these. */
  readonly surfaces: readonly Surface[];
  /** Per-operationId version overrides, e.g. `{ listOrgTeamUsers: "2023-01-01" }`. */
  readonly versions?: Readonly<Record<string, string>> | undefined;
  readonly logger?: Logger | undefined;
}

const VERSIONED = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/;

/** The media type of a v2 version. */
export function atlasMediaType(version: string): string {
  return `application/vnd.atlas.${version}+json`;
}

/**
 * Sets `Accept` (and, with a body, `Content-Type`) to the operation's versioned media type,
 * read from the operations table; plain `application/json` on v1.0 and the public API.
 * A versioned `Accept` given on the call wins, then `versions[operationId]`, then the newest
 * version. Warns once per operation, through the logger, about a version with a sunset date,
 * a deprecated operation, or `Deprecation`/`Sunset` headers on an answer.
 */
export function versionMiddleware(options: VersionMiddlewareOptions): Middleware {
  const warned = new Set<string>();
  const warnOnce = (operation: OperationInfo, message: string, fields: Record<string, unknown>): void => {
    if (warned.has(operation.operationId)) return;
    warned.add(operation.operationId);
    options.logger?.warn?.({ event: "deprecation", message, operationId: operation.operationId, ...fields });
  };

  return {
    onRequest({ request, schemaPath }) {
      const operation = findOperation(options.surfaces, request.method, schemaPath);
      if (!operation) return undefined;
      if (operation.versions.length === 0) {
        if (!request.headers.has("Accept")) request.headers.set("Accept", "application/json");
        return undefined;
      }
      const version = chooseVersion(operation, request.headers.get("Accept"), options.versions);
      const mediaType = atlasMediaType(version);
      request.headers.set("Accept", mediaType);
      if (request.body !== null) request.headers.set("Content-Type", mediaType);
      const sunset = operation.versions.find((v) => v.version === version)?.sunset;
      if (sunset || operation.deprecated) {
        const newer = newerVersion(operation, version);
        warnOnce(
          operation,
          `${operation.operationId} ${version} ${sunset ? `is retired on ${sunset}` : "is deprecated"}${newer ? `; move to ${newer}` : ""}`,
          { version, sunset, newer },
        );
      }
      return undefined;
    },
    onResponse({ request, response, schemaPath }) {
      const deprecation = response.headers.get("Deprecation");
      const sunset = response.headers.get("Sunset");
      if (!deprecation && !sunset) return undefined;
      const operation = findOperation(options.surfaces, request.method, schemaPath);
      if (!operation) return undefined;
      const version = VERSIONED.exec(request.headers.get("Accept") ?? "")?.[1];
      const newer = newerVersion(operation, version);
      warnOnce(
        operation,
        `${operation.operationId}${version ? ` ${version}` : ""} is deprecated by the server${sunset ? ` (sunset ${sunset})` : ""}${newer ? `; move to ${newer}` : ""}`,
        { version, sunset: sunset ?? undefined, deprecation, newer },
      );
      return undefined;
    },
  };
}

function chooseVersion(
  operation: OperationInfo,
  accept: string | null,
  overrides: Readonly<Record<string, string>> | undefined,
): string {
  const fromCall = VERSIONED.exec(accept ?? "")?.[1];
  if (fromCall) return fromCall;
  const override = overrides?.[operation.operationId];
  if (override) return override;
  // Versions are sorted oldest first; a non-empty list was checked by the caller.
  return (operation.versions.at(-1) as { version: string }).version;
}
