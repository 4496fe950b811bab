/**
 * What a request that got no answer ends in, and how to tell a connection failure (worth
 * another try, or not) from any other error.
 *
 * @module
 */
import { AtlasConnectionError } from "../errors/atlas-connection-error.js";
import { errorChain, errorCodes } from "../util/error-chain.js";
import { TokenRequestError } from "../errors/token-request-error.js";

/**
 * Network failures worth another try for an idempotent request; `HPE_*` is an answer the
 * HTTP parser could not read (a garbled status line from a proxy), as transient as a reset.
 */
export const TRANSIENT_CODE =
  /^(ECONN(RESET|REFUSED|ABORTED)|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENET(UNREACH|DOWN)|EAI_AGAIN|UND_ERR_(SOCKET|CLOSED|(CONNECT|HEADERS|BODY)_TIMEOUT)|HPE_\w+)$/;

/** Failures that happen before a connection exists, so no byte of the request was sent. */
export const NOT_SENT_CODE = /^(ECONNREFUSED|EAI_AGAIN|UND_ERR_CONNECT_TIMEOUT)$/;

/** What `fetch` says when the connection failed (Node's undici, msw). */
const FETCH_FAILURE = /^(fetch failed|failed to fetch)$/i;

/** Whether `fetch` itself said the connection failed (a `TypeError` somewhere in the chain). */
export function isFetchFailure(error: unknown): boolean {
  return errorChain(error).some((e) => e instanceof TypeError && FETCH_FAILURE.test(e.message));
}

/**
 * Whether the server may have acted on a request that ended in `error`: not when the
 * connection was never made (refused, DNS, connect timeout) or a typed error already says so.
 */
export function mayHaveActed(error: unknown): boolean {
  if (error instanceof AtlasConnectionError) return error.mayHaveActed;
  return !errorCodes(error).some((c) => c === "ENOTFOUND" || NOT_SENT_CODE.test(c));
}

/**
 * The error a request that got no answer ends in: an {@link AtlasConnectionError} of kind
 * `abort` when the caller aborted, `network` for a connection failure (or the same error
 * again, counting `attempts`); anything else (an auth failure, a bug) unchanged. `acted`
 * says that an earlier attempt may already have reached the server.
 */
export function connectionError(error: unknown, request: Request, attempts = 1, acted = false): unknown {
  const { method, url, signal } = request;
  // A token request that could not be sent is the auth layer's error, already retried there.
  if (error instanceof TokenRequestError) return error;
  if (error instanceof AtlasConnectionError) {
    const again = attempts > 1 || (acted && !error.mayHaveActed);
    return again ? new AtlasConnectionError({ ...error, cause: error.cause, attempts, mayHaveActed: acted || error.mayHaveActed }) : error;
  }
  const network = isFetchFailure(error) || errorCodes(error).some((c) => c === "ENOTFOUND" || TRANSIENT_CODE.test(c));
  const kind = signal.aborted ? "abort" : network ? "network" : undefined;
  return kind ? new AtlasConnectionError({ kind, method, url, cause: error, attempts, mayHaveActed: acted || mayHaveActed(error) }) : error;
}
