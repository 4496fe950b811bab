/**
 * Faults a test can ask the mock for: latency, failing answers, dropped connections and
 * an API rate limit. They apply to API calls only, never to the token endpoints (which
 * have their own rate limit), so a client's token fetch does not eat a planned failure.
 *
 * @module
 */
import { apiErrorResponse } from "../core/api-error-response.js";

/** How {@link MockFaults.failNext} answers. */
export interface FailureAnswer {
  readonly status: number;
  /** Default: a code named after the status (`SERVICE_UNAVAILABLE` for 503, …). */
  readonly errorCode?: string;
  /** Seconds, sent as `Retry-After`. */
  readonly retryAfter?: number;
  /** A body sent as is (JSON-encoded unless it is a string) instead of an Atlas error body. */
  readonly body?: unknown;
}

/** When {@link MockFaults.dropNext} drops a connection. */
export interface DropOptions {
  /**
   * `"before"` (default): on arrival, before authentication, so the mock acted on nothing
   * (an unauthenticated Digest handshake uses the drop up too). `"handled"`: after the call
   * authenticated and its route ran, state changes included, so the answer is what is lost
   * ("the server acted, then the answer was lost"); only authenticated calls count.
   * Each kind keeps its own count; setting one leaves the other as it is.
   */
  readonly after?: "before" | "handled";
}

/** The faults a test switches on. */
export interface MockFaults {
  /** Waits this long before answering every API call (0 turns it off). */
  latency(ms: number): void;
  /** Answers the next `count` API calls with `answer` instead of handling them. */
  failNext(count: number, answer: FailureAnswer): void;
  /**
   * Drops the connection of the next `count` API calls without an answer: on arrival
   * (default), or once an authenticated call was acted on (`{ after: "handled" }`).
   */
  dropNext(count: number, options?: DropOptions): void;
  /** Allows `limit` API calls per `windowMs`; more get 429 `RATE_LIMITED`. Every answer then carries `RateLimit-*`. */
  rateLimit(rule: { limit: number; windowMs: number; retryAfter?: boolean }): void;
  /** Switches every fault off. */
  clear(): void;
}

/** The faults plus what the core calls on each API request. */
export interface FaultInjector {
  readonly faults: MockFaults;
  /** Before authentication: an answer to send instead of handling the request, `"drop"`, or undefined to go on. */
  intercept(): Promise<Response | "drop" | undefined>;
  /** After an authenticated call was handled: whether to drop its answer (uses one `after: "handled"` drop). */
  dropsHandled(): boolean;
  /** Adds `RateLimit-*` headers when a rate limit is on. */
  decorate(response: Response): Response;
}

const CODES: Readonly<Record<number, string>> = {
  429: "RATE_LIMITED",
  500: "UNEXPECTED_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/** Creates the fault switches; `now` is the mock's clock (for the rate-limit window). */
export function createMockFaults(now: () => number): FaultInjector {
  let latencyMs = 0;
  const drops = { before: 0, handled: 0 };
  let failures: { count: number; answer: FailureAnswer } | undefined;
  let limit: { limit: number; windowMs: number; retryAfter: boolean; calls: number[] } | undefined;

  const faults: MockFaults = {
    latency: (ms) => {
      latencyMs = ms;
    },
    failNext: (count, answer) => {
      failures = { count, answer };
    },
    dropNext: (count, options = {}) => {
      drops[options.after ?? "before"] = count;
    },
    rateLimit: (rule) => {
      limit = { ...rule, retryAfter: rule.retryAfter ?? true, calls: [] };
    },
    clear: () => {
      latencyMs = 0;
      drops.before = 0;
      drops.handled = 0;
      failures = undefined;
      limit = undefined;
    },
  };

  async function intercept(): Promise<Response | "drop" | undefined> {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (drops.before > 0) {
      drops.before -= 1;
      return "drop";
    }
    if (failures && failures.count > 0) {
      failures.count -= 1;
      return failureResponse(failures.answer);
    }
    return limit ? takeFromLimit(limit) : undefined;
  }

  function takeFromLimit(rule: NonNullable<typeof limit>): Response | undefined {
    const at = now();
    rule.calls = rule.calls.filter((time) => at - time < rule.windowMs);
    const oldest = rule.calls[0];
    if (oldest === undefined || rule.calls.length < rule.limit) {
      rule.calls.push(at);
      return undefined;
    }
    const headers: Record<string, string> = {};
    if (rule.retryAfter) headers["Retry-After"] = String(Math.max(1, Math.ceil((oldest + rule.windowMs - at) / 1000)));
    return apiErrorResponse(429, "RATE_LIMITED", "Too many requests; the rate limit was reached.", { headers });
  }

  function dropsHandled(): boolean {
    if (drops.handled === 0) return false;
    drops.handled -= 1;
    return true;
  }

  function decorate(response: Response): Response {
    if (!limit) return response;
    response.headers.set("RateLimit-Limit", String(limit.limit));
    response.headers.set("RateLimit-Remaining", String(Math.max(0, limit.limit - limit.calls.length)));
    return response;
  }

  return { faults, intercept, dropsHandled, decorate };
}

function failureResponse(answer: FailureAnswer): Response {
  const headers: Record<string, string> = answer.retryAfter === undefined ? {} : { "Retry-After": String(answer.retryAfter) };
  if (answer.body === undefined) {
    const code = answer.errorCode ?? CODES[answer.status] ?? "UNEXPECTED_ERROR";
    return apiErrorResponse(answer.status, code, `A failure the test asked for (${answer.status}).`, { headers });
  }
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  const type = typeof answer.body === "string" ? "text/plain" : "application/json";
  return new Response(text, { status: answer.status, headers: { ...headers, "Content-Type": type } });
}
