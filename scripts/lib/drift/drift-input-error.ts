/** Input the drift check cannot read (a missing file, a failed download, a document that is not OpenAPI); exit code 2. */
export class DriftInputError extends Error {
  override readonly name = "DriftInputError";
}
