/**
 * Frees the connection of an answer that is not passed on (a 401 answered by sending
 * again, a 429 waited out). Not awaited: some transports (msw's interceptor) never settle
 * `cancel()`, and the socket is freed anyway.
 */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}
