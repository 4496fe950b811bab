/**
 * Where the chosen API is: `--base-url`, else `MONGODB_ATLAS_OPS_MANAGER_URL` for Ops
 * Manager, else MongoDB Cloud (Atlas for Government when `MONGODB_ATLAS_SERVICE` is
 * `cloudgov`). The variables may come from an Atlas CLI profile.
 *
 * @module
 */
import type { ApiChoice } from "../program/api-choice.js";
import { CliUsageError } from "../errors/cli-usage-error.js";

/** The environment variable the Atlas CLI reads for an Ops Manager's URL. */
export const OPS_MANAGER_URL_ENV = "MONGODB_ATLAS_OPS_MANAGER_URL";

/** MongoDB Cloud, where Atlas and Cloud Manager answer. */
export const CLOUD_BASE_URL = "https://cloud.mongodb.com";

/** Atlas for Government (`service = "cloudgov"` in an Atlas CLI profile). */
export const CLOUDGOV_BASE_URL = "https://cloud.mongodbgov.com";

/** The environment variable (and profile property `service`) the Atlas CLI reads for which cloud it talks to. */
export const SERVICE_ENV = "MONGODB_ATLAS_SERVICE";

/**
 * The base URL of the API to call.
 *
 * @throws {@link CliUsageError} when Ops Manager has no URL, or the variable holds no usable URL.
 */
export function resolveBaseUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, api: ApiChoice): string {
  if (flag !== undefined) return flag;
  if (api !== "ops-manager") return cloudBaseUrl(env[SERVICE_ENV], api);
  const fromEnv = env[OPS_MANAGER_URL_ENV];
  if (fromEnv === undefined || fromEnv === "") {
    throw new CliUsageError(`--api ops-manager needs --base-url, ${OPS_MANAGER_URL_ENV} or ops_manager_url in the profile`);
  }
  const problem = baseUrlProblem(fromEnv);
  if (problem !== undefined) throw new CliUsageError(`${OPS_MANAGER_URL_ENV} ${problem}`);
  return fromEnv;
}

function cloudBaseUrl(service: string | undefined, api: ApiChoice): string {
  if (service === undefined || service === "" || service === "cloud") return CLOUD_BASE_URL;
  if (service !== "cloudgov") throw new CliUsageError(`${SERVICE_ENV} (service in the profile) must be cloud or cloudgov`);
  if (api === "cloud-manager") throw new CliUsageError(`${SERVICE_ENV} cloudgov is Atlas for Government; it has no Cloud Manager API`);
  return CLOUDGOV_BASE_URL;
}

/** Why `text` cannot be a base URL, or `undefined` when it can. Never quotes the text (it may hold a password). */
export function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute http(s) URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http or https";
  if (url.username !== "" || url.password !== "") return "must not hold credentials; use the credential flags";
  return undefined;
}
