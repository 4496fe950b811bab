import { setTimeout as wait } from "node:timers/promises";

/** Waits `ms`; `signal` ends the wait at once, rejecting with its reason. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal }).catch(() => {
    throw signal.reason;
  });
}
