/**
 * The client a CLI command calls: the library's client for the chosen API, driven by an
 * operation from the table rather than a typed path, since one command serves four APIs.
 *
 * @module
 */
import {
  createAtlasClient,
  createCloudManagerClient,
  createOpsManagerClient,
  digestAuth,
  paginate,
  serviceAccountAuth,
  unwrap,
  type AuthStrategy,
  type CallResult,
  type ClientOptions,
  type OperationInfo,
} from "../../index.js";
import type { ApiChoice } from "./api-choice.js";
import type { CliCredentials } from "../credentials/resolve-credentials.js";

/** What to build a {@link CliClient} from. */
export interface CliClientOptions {
  readonly api: ApiChoice;
  readonly baseUrl: string;
  readonly credentials: CliCredentials;
}

/** Path parameters and body of one call. */
export interface CallInput {
  readonly path?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Calls operations of one API; failures throw the library's errors. */
export interface CliClient {
  /** Sends one call and returns its data (`undefined` for 204); throws `AtlasApiError` on an error answer. */
  call(operation: OperationInfo, input: CallInput): Promise<unknown>;
  /** Every item of a paginated list operation, page after page. */
  list(operation: OperationInfo, input: CallInput): Promise<unknown[]>;
}

interface UntypedInit {
  readonly params: { readonly path: Readonly<Record<string, string>> };
  readonly body?: unknown;
}

// The path comes from the operations table at run time, so the typed path unions cannot
// check it; the library's request checks still do (path patterns, bodies).
type UntypedRequest = (method: string, path: string, init: UntypedInit) => Promise<CallResult>;
type UntypedPaginate = (client: unknown, path: string, init: UntypedInit) => AsyncIterable<unknown>;

/** The library's client for `options.api`, seen through {@link CliClient}. */
export function createCliClient(options: CliClientOptions): CliClient {
  const client = libraryClient(options);
  const request = client.request.bind(client) as unknown as UntypedRequest;
  const pages = paginate as unknown as UntypedPaginate;
  return {
    async call(operation, input) {
      const init = { params: { path: input.path ?? {} }, ...(input.body === undefined ? {} : { body: input.body }) };
      return unwrap(await request(operation.method, operation.path, init));
    },
    async list(operation, input) {
      const items: unknown[] = [];
      for await (const item of pages(client, operation.path, { params: { path: input.path ?? {} } })) items.push(item);
      return items;
    },
  };
}

function libraryClient(options: CliClientOptions) {
  const common: ClientOptions & { baseUrl: string } = {
    baseUrl: options.baseUrl,
    auth: authOf(options.credentials),
    userAgent: "atlas-admin-cli",
  };
  switch (options.api) {
    case "atlas":
    case "atlas-v1":
      return createAtlasClient(common);
    case "cloud-manager":
      return createCloudManagerClient(common);
    case "ops-manager":
      return createOpsManagerClient(common);
  }
}

function authOf(credentials: CliCredentials): AuthStrategy {
  return credentials.kind === "apiKey"
    ? digestAuth({ publicKey: credentials.publicKey, privateKey: credentials.privateKey })
    : serviceAccountAuth({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
}
