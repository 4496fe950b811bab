/**
 * The values of `--api` and what each one means: the surface of the operations table, the
 * path prefix, and a name for messages.
 *
 * @module
 */
import type { Surface } from "../../index.js";

/** The values `--api` accepts; `atlas` (the Atlas Administration API v2) is the default. */
export const API_CHOICES = ["atlas", "atlas-v1", "cloud-manager", "ops-manager"] as const;

/** One value of `--api`. */
export type ApiChoice = (typeof API_CHOICES)[number];

interface ApiFacts {
  readonly surface: Surface;
  readonly prefix: string;
  readonly title: string;
}

const FACTS: Readonly<Record<ApiChoice, ApiFacts>> = {
  atlas: { surface: "atlas-v2", prefix: "/api/atlas/v2", title: "the Atlas Administration API v2" },
  "atlas-v1": { surface: "atlas-v1.0", prefix: "/api/atlas/v1.0", title: "the Atlas Administration API v1.0" },
  "cloud-manager": { surface: "cloud-manager", prefix: "/api/public/v1.0", title: "the Cloud Manager public API v1.0" },
  "ops-manager": { surface: "ops-manager", prefix: "/api/public/v1.0", title: "the Ops Manager public API v1.0" },
};

/** The operations-table surface, path prefix and readable title of an `--api` value. */
export function apiFacts(api: ApiChoice): ApiFacts {
  return FACTS[api];
}
