import type { Client } from "openapi-fetch";
import type { paths as OpsManagerPaths } from "../../generated/ops-manager.js";
import { createSurfaceClient, type ClientOptions } from "./create-surface-client.js";

/** The generated `paths` of this surface (openapi-typescript). */
export type { OpsManagerPaths };

/** An openapi-fetch client for a self-hosted Ops Manager's public API. */
export type OpsManagerClient = Client<OpsManagerPaths>;

/**
 * A client for a self-hosted Ops Manager's public API v1.0. `baseUrl` is required
 * (`https://{host}:{port}`); plain http works for a lab instance.
 */
export function createOpsManagerClient(options: ClientOptions & { baseUrl: string }): OpsManagerClient {
  return createSurfaceClient<OpsManagerPaths>({ name: "createOpsManagerClient", surfaces: ["ops-manager"] }, options);
}
