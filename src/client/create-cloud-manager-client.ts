import type { Client } from "openapi-fetch";
import type { paths as CloudManagerPaths } from "../../generated/cloud-manager.js";
import { createSurfaceClient, type ClientOptions } from "./create-surface-client.js";

/** The generated `paths` of this surface (openapi-typescript). */
export type { CloudManagerPaths };

/** An openapi-fetch client for the Cloud Manager public API. */
export type CloudManagerClient = Client<CloudManagerPaths>;

/**
 * A client for the Cloud Manager public API v1.0 at `https://cloud.mongodb.com` unless
 * `baseUrl` says otherwise. Creating an organization there needs user credentials: an API
 * key gets `API_KEY_CANNOT_CREATE_ORG`.
 */
export function createCloudManagerClient(options: ClientOptions = {}): CloudManagerClient {
  return createSurfaceClient<CloudManagerPaths>(
    { name: "createCloudManagerClient", surfaces: ["cloud-manager"], baseUrl: "https://cloud.mongodb.com" },
    options,
  );
}
