import type { Client } from "openapi-fetch";
import type { paths as AtlasPaths } from "../../generated/atlas.js";
import { createSurfaceClient, type ClientOptions } from "./create-surface-client.js";

/** The generated `paths` of this surface (openapi-typescript). */
export type { AtlasPaths };

/** An openapi-fetch client for the Atlas Administration API. */
export type AtlasClient = Client<AtlasPaths>;

/**
 * A client for the Atlas Administration API v2 and v1.0, at `https://cloud.mongodb.com`
 * unless `baseUrl` says otherwise (`https://cloud.mongodbgov.com` for Atlas for Government).
 *
 * @example
 * ```ts
 * const atlas = createAtlasClient({ auth: digestAuth({ publicKey, privateKey }) });
 * const { data, error } = await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", {
 *   params: { path: { orgId } },
 *   body: { name: "dbas", usernames: ["ann@example.com"] },
 * });
 * ```
 */
export function createAtlasClient(options: ClientOptions = {}): AtlasClient {
  return createSurfaceClient<AtlasPaths>(
    { name: "createAtlasClient", surfaces: ["atlas-v2", "atlas-v1.0"], baseUrl: "https://cloud.mongodb.com" },
    options,
  );
}
