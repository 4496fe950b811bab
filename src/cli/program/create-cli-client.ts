/**
 * The client a CLI command calls: the library's client for the chosen API, driven by an
 * operation from the table rather than a typed path, since one command serves four APIs.
 * Every call has a deadline over the whole exchange (all attempts, the body included).
 *
 * @module
 */
import {
  createAtlasClient,
  createCloudManagerClient,
  createOpsManagerClient,
  digestAuth,
  serviceAccountAuth,
  unwrap,
  type AuthStrategy,
  type CallResult,
  type ClientOptions,
  type OperationInfo,
} from "../../index.js";
import type { ApiChoice } from "./api-choice.js";
import type { CliCredentials } from "../credentials/resolve-credentials.js";
import { CliTimeoutError } from "../errors/cli-timeout-error.js";
import { rateLimitNotice } from "../output/rate-limit-notice.js";

/** What to build a {@link CliClient} from. */
export interface CliClientOptions {
  readonly api: ApiChoice;
  readonly baseUrl: string;
  readonly credentials: CliCredentials;
  /** The deadline of one call in milliseconds: sending, every retry, and reading the whole answer. */
  readonly timeoutMs: number;
  /** How many times a call may be sent again (the library's retry rules decide when). */
  readonly retries: number;
  /** Where rate-limit waits and progress are shown (stderr). */
  readonly notice?: (text: string) => void;
}

/** Path parameters and body of one call. */
export interface CallInput {
  readonly path?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Every item of a list, and the count the API gave for it. */
export interface ListResult {
  readonly results: unknown[];
  /** The API's `totalCount`, or the number of items when it gave none. */
  readonly totalCount: number;
}

/** Calls operations of one API; failures throw the library's errors, or a `CliTimeoutError`. */
export interface CliClient {
  /** Sends one call and returns its data (`undefined` for 204); throws `AtlasApiError` on an error answer. */
  call(operation: OperationInfo, input: CallInput): Promise<unknown>;
  /** Every item of a paginated list operation, page after page (each page with its own deadline). */
  list(operation: OperationInfo, input: CallInput): Promise<ListResult>;
}

interface UntypedInit {
  readonly params: { readonly path: Readonly<Record<string, string>>; readonly query?: Readonly<Record<string, number>> };
  readonly body?: unknown;
  readonly signal: AbortSignal;
}

// The path comes from the operations table at run time, so the typed path unions cannot
// check it; the library's request checks still do (path patterns, bodies).
type UntypedRequest = (method: string, path: string, init: UntypedInit) => Promise<CallResult>;

interface Page {
  readonly results?: unknown[];
  readonly totalCount?: number;
  readonly links?: readonly { readonly rel?: string }[];
}

/** The API's largest page. */
const PAGE_SIZE = 500;

/** The library's client for `options.api`, seen through {@link CliClient}. */
export function createCliClient(options: CliClientOptions): CliClient {
  const client = libraryClient(options);
  const request = client.request.bind(client) as unknown as UntypedRequest;
  const send = async (operation: OperationInfo, input: CallInput, query?: Record<string, number>): Promise<unknown> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const path = input.path ?? {};
    const init = { params: { path, ...(query ? { query } : {}) }, signal, ...(input.body === undefined ? {} : { body: input.body }) };
    try {
      return unwrap(await request(operation.method, operation.path, init));
    } catch (error) {
      if (!signal.aborted) throw error;
      const url = options.baseUrl.replace(/\/+$/, "") + operation.path.replace(/\{(\w+)\}/g, (whole, name: string) => path[name] ?? whole);
      throw new CliTimeoutError(`${operation.method} ${url}`, options.timeoutMs / 1000, operation.method !== "GET");
    }
  };
  return {
    call: (operation, input) => send(operation, input),
    async list(operation, input) {
      const results: unknown[] = [];
      let totalCount: number | undefined;
      for (let pageNum = 1; ; pageNum += 1) {
        const page = ((await send(operation, input, { pageNum, itemsPerPage: PAGE_SIZE })) ?? {}) as Page;
        const items = page.results ?? [];
        results.push(...items);
        totalCount ??= page.totalCount;
        const last = items.length < PAGE_SIZE || (totalCount !== undefined && results.length >= totalCount) || !(page.links ?? [{ rel: "next" }]).some((link) => link.rel === "next");
        if (last) return { results, totalCount: totalCount ?? results.length };
      }
    },
  };
}

function libraryClient(options: CliClientOptions) {
  const common: ClientOptions & { baseUrl: string } = {
    baseUrl: options.baseUrl,
    auth: authOf(options.credentials),
    userAgent: "atlas-admin-cli",
    retry: { retries: options.retries },
    ...(options.notice ? { logger: rateLimitNotice(options.notice) } : {}),
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
