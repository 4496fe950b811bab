/**
 * What a command shows on stderr while rate limits slow it down: one line when calls start
 * waiting for a limit, and a progress line now and then once a command has run a while.
 * Never on stdout, so `--json` output stays clean.
 *
 * @module
 */
import type { LogEvent, Logger } from "../../index.js";

/** How long a command runs before it reports progress, and how often after that. */
const PROGRESS_AFTER_MS = 3_000;
const PROGRESS_EVERY_MS = 5_000;

/**
 * A logger for the CLI's client that writes rate-limit waits and progress to `stderr`.
 *
 * @param stderr - writes a line (the text carries its own line end).
 * @param now - the clock (epoch milliseconds).
 */
export function rateLimitNotice(stderr: (text: string) => void, now: () => number = Date.now): Logger {
  const started = now();
  let answered = 0;
  let nextProgress = started + PROGRESS_AFTER_MS;
  return {
    debug(event: LogEvent) {
      if (event.event === "rate-limit" && typeof event["waitMs"] === "number") {
        const queued = Number(event["queued"] ?? 1);
        const calls = queued === 1 ? "1 call" : `${queued} calls`;
        stderr(`Rate limit ${String(event["limit"])}: ${calls} waiting ${Math.ceil(event["waitMs"] / 1000)} s\n`);
      } else if (event.event === "response") {
        answered += 1;
        const at = now();
        if (at < nextProgress) return;
        nextProgress = at + PROGRESS_EVERY_MS;
        stderr(`… ${answered} requests answered in ${Math.round((at - started) / 1000)} s\n`);
      }
    },
  };
}
