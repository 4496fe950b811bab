/**
 * Where the chosen API is: `--base-url`, else `MONGODB_ATLAS_OPS_MANAGER_URL` for Ops
 * Manager, else MongoDB Cloud.
 *
 * @module
 */
import type { ApiChoice } from "../program/api-choice.js";
import { CliUsageError } from "../errors/cli-usage-error.js";

/** The environment variable the Atlas CLI reads for an Ops Manager's URL. */
export const OPS_MANAGER_URL_ENV = "MONGODB_ATLAS_OPS_MANAGER_URL";

/** MongoDB Cloud, where Atlas and Cloud Manager answer. */
export const CLOUD_BASE_URL = "https://cloud.mongodb.com";

/**
 * The base URL of the API to call.
 *
 * @throws {@link CliUsageError} when Ops Manager has no URL, or the variable holds no usable URL.
 */
export function resolveBaseUrl(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, api: ApiChoice): string {
  if (flag !== undefined) return flag;
  if (api !== "ops-manager") return CLOUD_BASE_URL;
  const fromEnv = env[OPS_MANAGER_URL_ENV];
  if (fromEnv === undefined || fromEnv === "") throw new CliUsageError(`--api ops-manager needs --base-url or ${OPS_MANAGER_URL_ENV}`);
  const problem = baseUrlProblem(fromEnv);
  if (problem !== undefined) throw new CliUsageError(`${OPS_MANAGER_URL_ENV} ${problem}`);
  return fromEnv;
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
