/**
 * Walking an error's `cause` chain, where Node hides what really happened
 * (`TypeError: fetch failed` → `Error: connect ECONNREFUSED`).
 *
 * @module
 */

/** The error, its `cause` chain and an `AggregateError`'s `errors` (as Node's connect makes). */
export function errorChain(error: unknown, depth = 0): object[] {
  if (!(error instanceof Object) || depth > 8) return [];
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const inner = Array.isArray(errors) ? errors : [];
  return [error, ...[cause, ...inner].flatMap((e) => errorChain(e, depth + 1))];
}

/** The string `code`s (ECONNREFUSED, UND_ERR_SOCKET, …) anywhere in the chain, outermost first. */
export function errorCodes(error: unknown): string[] {
  return errorChain(error).flatMap((e) => {
    const { code } = e as { code?: unknown };
    return typeof code === "string" ? [code] : [];
  });
}
