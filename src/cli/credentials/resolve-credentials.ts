/**
 * Credentials from flags or the environment variables the Atlas CLI reads (which an Atlas
 * CLI profile fills beneath the real environment). Values are never put in a message:
 * errors name the flag or variable that is missing.
 *
 * @module
 */
import type { ApiChoice } from "../program/api-choice.js";
import { CliUsageError } from "../errors/cli-usage-error.js";

/** The credential flags as commander parsed them. */
export interface CredentialFlags {
  readonly publicKey?: string | undefined;
  readonly privateKey?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
}

/** An API key (HTTP Digest) or a service account (OAuth 2.0 client credentials). */
export type CliCredentials =
  | { readonly kind: "apiKey"; readonly publicKey: string; readonly privateKey: string }
  | { readonly kind: "serviceAccount"; readonly clientId: string; readonly clientSecret: string };

/** The environment variables the Atlas CLI uses, by credential field. */
export const CREDENTIAL_ENV = {
  publicKey: "MONGODB_ATLAS_PUBLIC_API_KEY",
  privateKey: "MONGODB_ATLAS_PRIVATE_API_KEY",
  clientId: "MONGODB_ATLAS_CLIENT_ID",
  clientSecret: "MONGODB_ATLAS_CLIENT_SECRET",
} as const;

type Field = keyof typeof CREDENTIAL_ENV;

const FLAG: Readonly<Record<Field, string>> = {
  publicKey: "--public-key",
  privateKey: "--private-key",
  clientId: "--client-id",
  clientSecret: "--client-secret",
};

/**
 * Picks the credentials. Flags choose the kind (each field falls back to its variable);
 * from the environment alone, a service account's variables win on `--api atlas`, an API
 * key's elsewhere.
 *
 * @throws {@link CliUsageError} when none are given, half a pair is, both kinds are given
 * by flags, or a service account is used with an API other than Atlas v2.
 */
export function resolveCredentials(flags: CredentialFlags, env: Readonly<Record<string, string | undefined>>, api: ApiChoice): CliCredentials {
  const value = (field: Field): string | undefined => nonEmpty(flags[field]) ?? nonEmpty(env[CREDENTIAL_ENV[field]]);
  if (kindOf(flags, value, api) === "apiKey") {
    const [publicKey, privateKey] = pair(value, "publicKey", "privateKey");
    return { kind: "apiKey", publicKey, privateKey };
  }
  if (api !== "atlas") throw new CliUsageError(`service accounts authenticate on the Atlas Administration API v2 only; use an API key with --api ${api}`);
  const [clientId, clientSecret] = pair(value, "clientId", "clientSecret");
  return { kind: "serviceAccount", clientId, clientSecret };
}

function kindOf(flags: CredentialFlags, value: (field: Field) => string | undefined, api: ApiChoice): CliCredentials["kind"] {
  const given = (fields: readonly Field[], read: (field: Field) => string | undefined): boolean => fields.some((field) => read(field) !== undefined);
  const apiKeyFlags = given(["publicKey", "privateKey"], (field) => nonEmpty(flags[field]));
  const accountFlags = given(["clientId", "clientSecret"], (field) => nonEmpty(flags[field]));
  if (apiKeyFlags && accountFlags) {
    throw new CliUsageError("give either an API key (--public-key, --private-key) or a service account (--client-id, --client-secret), not both");
  }
  if (apiKeyFlags || accountFlags) return accountFlags ? "serviceAccount" : "apiKey";
  const account = given(["clientId", "clientSecret"], value);
  const apiKey = given(["publicKey", "privateKey"], value);
  return account && (api === "atlas" || !apiKey) ? "serviceAccount" : "apiKey";
}

function pair(value: (field: Field) => string | undefined, first: Field, second: Field): [string, string] {
  const a = value(first);
  const b = value(second);
  if (a !== undefined && b !== undefined) return [a, b];
  if (a === undefined && b === undefined) {
    throw new CliUsageError(
      `no credentials: give --public-key and --private-key (or ${CREDENTIAL_ENV.publicKey} and ${CREDENTIAL_ENV.privateKey}), ` +
        `or on --api atlas --client-id and --client-secret (or ${CREDENTIAL_ENV.clientId} and ${CREDENTIAL_ENV.clientSecret}), ` +
        "or an Atlas CLI profile that holds them (-P NAME)",
    );
  }
  const missing = a === undefined ? first : second;
  throw new CliUsageError(`${FLAG[missing]} (or ${CREDENTIAL_ENV[missing]}) is missing`);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === "" ? undefined : text;
}
