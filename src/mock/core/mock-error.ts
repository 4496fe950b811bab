/**
 * What a mock route throws to answer with an Atlas error body.
 *
 * @module
 */
import { apiErrorResponse, type FieldProblem } from "./api-error-response.js";

/** An Atlas error the mock answers with: status, `errorCode`, `detail`, optional field problems. */
export class MockError extends Error {
  /** @param fields - for 400s: `badRequestDetail.fields`. */
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly detail: string,
    readonly fields?: readonly FieldProblem[],
  ) {
    super(`${status} ${errorCode}: ${detail}`);
    this.name = "MockError";
  }

  /** The answer in the Atlas error body shape. */
  toResponse(): Response {
    return apiErrorResponse(this.status, this.errorCode, this.detail, this.fields ? { fields: this.fields } : {});
  }
}
