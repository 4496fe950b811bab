/**
 * What a request that got no answer ends in, and how to tell a connection failure (worth
 * another try, or not) from any other error.
 *
 * @module
 */
import { AtlasConnectionError } from "../errors/atlas-connection-error.js";
import { errorChain, errorCodes } from "../util/error-chain.js";
import { TokenRequestError } from "../errors/token-request-error.js";

/** Network failures worth another try for an idempotent request. */
export const TRANSIENT_CODE =
  /^(ECONN(RESET|REFUSED|ABORTED)|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENET(UNREACH|DOWN)|EAI_AGAIN|UND_ERR_(SOCKET|CLOSED|(CONNECT|HEADERS|BODY)_TIMEOUT))$/;

/** What `fetch` says when the connection failed (Node's undici, msw). */
const FETCH_FAILURE = /^(fetch failed|failed to fetch)$/i;



/** Whether `fetch` itself said the connection failed (a `TypeError` somewhere in the chain). */
export function isFetchFailure(error: unknown): boolean {
  return errorChain(error).some((e) => e instanceof TypeError && FETCH_FAILURE.test(e.message));
}

/**
 * The error a request that got no answer ends in: an {@link AtlasConnectionError} of kind
 * `abort` when the caller aborted, `network` for a connection failure (or the same error
 * again, counting `attempts`); anything else (an auth failure, a bug) unchanged.
 */
export function connectionError(error: unknown, request: Request, attempts = 1): unknown {
  const { method, url, signal } = request;
  // A token request that could not be sent is the auth layer's error, already retried there.
  if (error instanceof TokenRequestError) return error;
  if (error instanceof AtlasConnectionError) {
    return attempts > 1 ? new AtlasConnectionError({ ...error, cause: error.cause, attempts }) : error;
  }
  const network = isFetchFailure(error) || errorCodes(error).some((c) => c === "ENOTFOUND" || TRANSIENT_CODE.test(c));
  const kind = signal.aborted ? "abort" : network ? "network" : undefined;
  return kind ? new AtlasConnectionError({ kind, method, url, cause: error, attempts }) : error;
}
