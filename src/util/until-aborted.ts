/**
 * `promise`'s outcome, or `signal`'s reason as soon as it aborts, whichever comes first. For
 * waits on something the signal cannot stop itself (another call's handshake, a transport
 * whose body stream ignores the signal). The listener is removed once `promise` settles.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = (): void => reject(signal.reason);
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
