/**
 * The refusal of a request body over the mock's size limit.
 *
 * @module
 */
import { MockError } from "./mock-error.js";

/** The default limit on a request body: 1 MiB, far above any body of the spec's operations. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;

/** 413 `REQUEST_TOO_LARGE` for a body over `maxBodyBytes`. */
export function bodyTooLarge(maxBodyBytes: number): MockError {
  return new MockError(413, "REQUEST_TOO_LARGE", `The request body is larger than the ${maxBodyBytes} bytes this server accepts.`);
}
