import type { Middleware } from "openapi-fetch";
import { operations, type OperationInfo } from "../../generated/operations.js";
import { operationOf } from "./call-info.js";
import { newerVersion } from "../operations/newer-version.js";
import type { Logger } from "../types/index.js";

/** Options of {@link versionMiddleware}. */
export interface VersionMiddlewareOptions {
  /** Per-operationId version overrides, e.g. `{ listOrgTeamUsers: "2023-01-01" }`. */
  readonly versions?: Readonly<Record<string, string | undefined>> | undefined;
  readonly logger?: Logger | undefined;
}

/** The v2 version a request asks for in its `Accept` header, if any. */
export function versionOf(request: Request): string | undefined {
  return /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/.exec(request.headers.get("Accept") ?? "")?.[1];
}

/**
 * Sets `Accept` (and, with a body, `Content-Type`) to the operation's versioned media type,
 * read from the operations table; plain `application/json` on v1.0 and the public API. The
 * request checks, registered before it, found the operation. A versioned `Accept` given on
 * the call wins, then `versions[operationId]`, then the newest version. Warns once per
 * operation, through the logger, about a version with a sunset date, a deprecated
 * operation, or `Deprecation`/`Sunset` headers on an answer; and, once, about an override
 * for an operationId that is not an Atlas v2 operation of the table (a typo would otherwise
 * be ignored without a word).
 */
export function versionMiddleware({ versions, logger }: VersionMiddlewareOptions): Middleware {
  for (const operationId in versions) {
    if (!operations.some((o) => o.operationId === operationId && o.versions.length)) {
      logger?.warn?.({ event: "unknown-operation", message: `versions.${operationId} names no Atlas v2 operation; it is ignored`, operationId });
    }
  }
  const warned = new Set<string>();
  const warn = (operation: OperationInfo, version: string | undefined, what: string, fields: object): void => {
    const { operationId } = operation;
    if (warned.has(operationId)) return;
    warned.add(operationId);
    const newer = newerVersion(operation, version);
    const message = `${operationId}${version ? ` ${version}` : ""} ${what}${newer ? `; move to ${newer}` : ""}`;
    logger?.warn?.({ event: "deprecation", message, operationId, version, ...fields, newer });
  };

  return {
    onRequest({ request }) {
      const operation = operationOf(request);
      const newest = operation?.versions.at(-1);
      const { headers } = request;
      if (!operation || !newest) {
        if (operation && !headers.has("Accept")) headers.set("Accept", "application/json");
        return undefined;
      }
      const version = versionOf(request) ?? versions?.[operation.operationId] ?? newest.version;
      const mediaType = `application/vnd.atlas.${version}+json`;
      headers.set("Accept", mediaType);
      if (request.body) headers.set("Content-Type", mediaType);
      const sunset = operation.versions.find((v) => v.version === version)?.sunset;
      if (sunset || operation.deprecated) warn(operation, version, sunset ? `is retired on ${sunset}` : "is deprecated", { sunset });
      return undefined;
    },
    onResponse({ request, response }) {
      const deprecation = response.headers.get("Deprecation");
      const sunset = response.headers.get("Sunset");
      const operation = (deprecation || sunset) && operationOf(request);
      if (operation) {
        const what = `is deprecated by the server${sunset ? ` (sunset ${sunset})` : ""}`;
        warn(operation, versionOf(request), what, { sunset: sunset ?? undefined, deprecation });
      }
      return undefined;
    },
  };
}
