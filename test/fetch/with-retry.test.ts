import { createServer } from "node:net";
import { delay, http, HttpResponse, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AtlasConnectionError } from "../../src/errors/atlas-connection-error.js";
import { withRetry } from "../../src/fetch/with-retry.js";
import { withTimeout } from "../../src/fetch/with-timeout.js";
import { TokenRequestError } from "../../src/errors/token-request-error.js";
import type { FetchLike, LogEvent } from "../../src/types/index.js";

const base = "https://cloud.mongodb.com/api/atlas/v2";
const fast = { baseDelayMs: 1, maxDelayMs: 2 };
const server = setupServer();
const transport: FetchLike = (request) => fetch(request);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Answers with each of `answers` in turn (a function makes a fresh Response per call). */
function serve(method: "get" | "post" | "patch" | "delete", path: string, answers: (() => Response)[]) {
  const seen: string[] = [];
  server.use(
    http[method](`${base}${path}`, async ({ request }) => {
      seen.push(await request.text());
      const answer = answers[Math.min(seen.length, answers.length) - 1];
      return answer!();
    }),
  );
  return seen;
}

/** A FetchLike stub that plays `outcomes` in order: a Response resolves, anything else rejects. */
function scripted(outcomes: unknown[]) {
  const requests: Request[] = [];
  const next: FetchLike = async (request) => {
    requests.push(request);
    const outcome = outcomes[Math.min(requests.length, outcomes.length) - 1];
    if (outcome instanceof Response) return outcome;
    throw outcome;
  };
  return { next, requests };
}

function refused(): TypeError {
  const cause = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:443"), { code: "ECONNREFUSED" });
  return new TypeError("fetch failed", { cause });
}

function coded(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}

function timedOut(method = "GET"): AtlasConnectionError {
  return new AtlasConnectionError({ kind: "timeout", method, url: `${base}/orgs`, cause: undefined });
}

function events() {
  const seen: LogEvent[] = [];
  return { seen, logger: { debug: (event: LogEvent) => void seen.push(event) } };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (e: unknown) => e,
  );
}

const ok = () => HttpResponse.json({ id: "1" });
const status = (code: number, headers?: Record<string, string>) => () =>
  HttpResponse.json({ error: code, errorCode: "X" }, { status: code, headers });

describe("withRetry: idempotent methods", () => {
  it("retries a 429 without Retry-After with backoff, then returns the success", async () => {
    const seen = serve("get", "/orgs", [status(429), ok]);
    const response = await withRetry(transport, fast)(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("waits the Retry-After seconds it is told", async () => {
    const { seen: logged, logger } = events();
    const seen = serve("get", "/orgs", [status(429, { "Retry-After": "0" }), ok]);
    const response = await withRetry(transport, { baseDelayMs: 10_000, logger })(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(logged[0]).toMatchObject({ delayMs: 0, status: 429 });
  });

  it("waits until a Retry-After HTTP date", async () => {
    const { seen: logged, logger } = events();
    const past = new Date(Date.now() - 5000).toUTCString();
    const seen = serve("get", "/orgs", [status(503, { "Retry-After": past }), ok]);
    const response = await withRetry(transport, { baseDelayMs: 10_000, logger })(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(logged[0]).toMatchObject({ delayMs: 0, status: 503 });
  });

  it("prefers retry-after-ms", async () => {
    const { seen: logged, logger } = events();
    serve("get", "/orgs", [status(429, { "retry-after-ms": "3", "Retry-After": "50" }), ok]);
    await withRetry(transport, { logger })(new Request(`${base}/orgs`));
    expect(logged[0]).toMatchObject({ delayMs: 3 });
  });

  it("falls back to backoff when Retry-After cannot be read", async () => {
    const { seen: logged, logger } = events();
    serve("get", "/orgs", [status(429, { "Retry-After": "soon" }), ok]);
    await withRetry(transport, { ...fast, logger })(new Request(`${base}/orgs`));
    expect(logged[0]!["delayMs"]).toBeLessThanOrEqual(1);
  });

  it("returns the answer at once when Retry-After (seconds) is over the cap", async () => {
    const seen = serve("get", "/orgs", [status(429, { "Retry-After": "2" }), ok]);
    const response = await withRetry(transport, { ...fast, maxRetryAfterMs: 1000 })(new Request(`${base}/orgs`));
    expect(response.status).toBe(429);
    expect(seen).toHaveLength(1);
  });

  it("returns the answer at once when Retry-After (date) is over the default cap", async () => {
    const later = new Date(Date.now() + 3_600_000).toUTCString();
    const seen = serve("get", "/orgs", [status(503, { "Retry-After": later }), ok]);
    const response = await withRetry(transport, fast)(new Request(`${base}/orgs`));
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it.each([502, 503, 504])("retries %i, then returns the success", async (code) => {
    const seen = serve("get", "/orgs", [status(code), ok]);
    const response = await withRetry(transport, fast)(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("bounds the attempts and returns the last answer", async () => {
    const seen = serve("delete", "/orgs/1", [status(504)]);
    const response = await withRetry(transport, { ...fast, retries: 2 })(
      new Request(`${base}/orgs/1`, { method: "DELETE" }),
    );
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: 504, errorCode: "X" });
    expect(seen).toHaveLength(3);
  });

  it("sends once with retries: 0", async () => {
    const seen = serve("get", "/orgs", [status(503), ok]);
    const response = await withRetry(transport, { retries: 0 })(new Request(`${base}/orgs`));
    expect(response.status).toBe(503);
    expect(seen).toHaveLength(1);
  });

  it("retries a reset connection", async () => {
    const seen = serve("get", "/orgs", [() => HttpResponse.error(), ok]);
    const response = await withRetry(transport, fast)(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("retries a coded transient error that is not a TypeError", async () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const { next, requests } = scripted([reset, new Response("ok")]);
    expect((await withRetry(next, fast)(new Request(`${base}/orgs`))).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it("gives up on connections that keep failing with AtlasConnectionError kind network", async () => {
    const seen = serve("get", "/orgs", [() => HttpResponse.error()]);
    const error = await rejection(withRetry(transport, { ...fast, retries: 2 })(new Request(`${base}/orgs`)));
    expect(error).toBeInstanceOf(AtlasConnectionError);
    expect(error).toMatchObject({ kind: "network", status: 0, attempts: 3, method: "GET", url: `${base}/orgs` });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`GET ${base}/orgs → no response (network: Failed to fetch) after 3 attempts`);
    expect(seen).toHaveLength(3);
  });

  it.each(["CERT_HAS_EXPIRED", "ENOTFOUND"])(
    "does not retry a connection failure that another try cannot fix (%s)",
    async (code) => {
      const { next, requests } = scripted([coded(code), new Response("ok")]);
      const error = await rejection(withRetry(next, fast)(new Request(`${base}/orgs`)));
      expect(error).toMatchObject({ name: "AtlasConnectionError", kind: "network", attempts: 1 });
      expect((error as Error).message).toContain(`[${code}]`);
      expect(requests).toHaveLength(1);
    },
  );

  it("retries a GET whose attempt timed out", async () => {
    let calls = 0;
    server.use(
      http.get(`${base}/orgs`, async () => {
        calls += 1;
        if (calls === 1) await delay(1000);
        return ok();
      }),
    );
    const response = await withRetry(withTimeout(transport, 50), fast)(new Request(`${base}/orgs`));
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it("reports the attempts when every attempt timed out", async () => {
    const timeout = timedOut();
    const { next, requests } = scripted([timeout]);
    const error = await rejection(withRetry(next, { ...fast, retries: 1 })(new Request(`${base}/orgs`)));
    expect(error).toMatchObject({ name: "AtlasConnectionError", kind: "timeout", attempts: 2 });
    expect((error as Error).message).toBe(`GET ${base}/orgs → no response (timeout) after 2 attempts`);
    expect(requests).toHaveLength(2);
  });
});

describe("withRetry: never creates twice", () => {
  it.each(["post", "patch"] as const)(
    "does not send a %s again when its connection reset after sending (the answer is lost)",
    async (method) => {
      const seen = serve(method, "/orgs", [() => HttpResponse.error(), ok]);
      const request = new Request(`${base}/orgs`, { method: method.toUpperCase(), body: '{"name":"acme"}' });
      const error = await rejection(withRetry(transport, fast)(request));
      expect(error).toMatchObject({ name: "AtlasConnectionError", kind: "network", attempts: 1 });
      expect(seen).toEqual(['{"name":"acme"}']);
    },
  );

  it("does not send a POST again when its attempt timed out", async () => {
    const timeout = timedOut("POST");
    const { next, requests } = scripted([timeout, new Response("ok")]);
    const error = await rejection(withRetry(next, fast)(new Request(`${base}/orgs`, { method: "POST", body: "{}" })));
    expect(error).toMatchObject({ kind: "timeout", attempts: 1 });
    expect(requests).toHaveLength(1);
  });

  it("retries a POST answered 429 and sends the same body each time", async () => {
    const body = JSON.stringify({ name: "dbas", usernames: ["ann@example.com"] });
    const seen = serve("post", "/orgs/1/teams", [status(429), status(429), ok]);
    const request = new Request(`${base}/orgs/1/teams`, { method: "POST", body });
    const response = await withRetry(transport, fast)(request);
    expect(response.status).toBe(200);
    expect(seen).toEqual([body, body, body]);
    expect(await request.text()).toBe(body);
  });

  it("re-sends a stream body intact", async () => {
    const seen = serve("post", "/orgs", [status(429), ok]);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":'));
        controller.enqueue(new TextEncoder().encode('"acme"}'));
        controller.close();
      },
    });
    const request = new Request(`${base}/orgs`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect((await withRetry(transport, fast)(request)).status).toBe(200);
    expect(seen).toEqual(['{"name":"acme"}', '{"name":"acme"}']);
  });

  it.each([500, 502, 503, 504])("does not retry a POST answered %i", async (code) => {
    const seen = serve("post", "/orgs", [status(code), ok]);
    const response = await withRetry(transport, fast)(new Request(`${base}/orgs`, { method: "POST", body: "{}" }));
    expect(response.status).toBe(code);
    expect(seen).toHaveLength(1);
  });

  it.each([400, 401, 403, 404, 409, 410])("never retries a %i, even when listed in retryOn", async (code) => {
    const seen = serve("get", "/orgs", [status(code), ok]);
    const response = await withRetry(transport, { ...fast, retryOn: [code, 429] })(new Request(`${base}/orgs`));
    expect(response.status).toBe(code);
    expect(seen).toHaveLength(1);
  });

  it("retries a POST whose connection was refused before anything was sent", async () => {
    const { next, requests } = scripted([refused(), new Response("created", { status: 201 })]);
    const request = new Request(`${base}/orgs`, { method: "POST", body: '{"name":"acme"}' });
    const response = await withRetry(next, fast)(request);
    expect(response.status).toBe(201);
    expect(await Promise.all(requests.map((r) => r.text()))).toEqual(['{"name":"acme"}', '{"name":"acme"}']);
  });

  it("does not retry a failed token request, which the auth layer already retried", async () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" });
    const failure = new TokenRequestError({ status: 0, url: `${base}/api/oauth/token`, cause });
    const { next, requests } = scripted([failure, new Response("ok")]);
    await expect(withRetry(next, fast)(new Request(`${base}/orgs`))).rejects.toBe(failure);
    expect(requests).toHaveLength(1);
  });

  it("finds ECONNREFUSED inside an AggregateError (several addresses tried)", async () => {
    const each = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    const cause = new AggregateError([each("::1:443"), each("127.0.0.1:443")]);
    const { next, requests } = scripted([new TypeError("fetch failed", { cause }), new Response("ok")]);
    expect((await withRetry(next, fast)(new Request(`${base}/orgs`, { method: "POST", body: "{}" }))).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it("retries a POST to a real closed loopback port, then reports the refusal", async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/api/atlas/v2/orgs`;
    server.use(http.all(url, () => passthrough()));
    const error = await rejection(withRetry(transport, { ...fast, retries: 2 })(new Request(url, { method: "POST", body: "{}" })));
    expect(error).toMatchObject({ name: "AtlasConnectionError", kind: "network", attempts: 3, mayHaveActed: false });
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).message).toMatch(/the server did not act on it$/);
  });
});

describe("withRetry: whether the server may have acted, over every attempt", () => {
  it("may have, when an earlier attempt timed out even if the last was refused", async () => {
    const { next } = scripted([timedOut(), refused()]);
    const error = await rejection(withRetry(next, { ...fast, retries: 1 })(new Request(`${base}/orgs`)));
    expect(error).toMatchObject({ name: "AtlasConnectionError", attempts: 2, mayHaveActed: true });
  });

  it("may have, when an earlier attempt got a gateway's 502", async () => {
    const { next } = scripted([new Response(null, { status: 502 }), refused()]);
    const error = await rejection(withRetry(next, { ...fast, retries: 1 })(new Request(`${base}/orgs`)));
    expect(error).toMatchObject({ attempts: 2, mayHaveActed: true });
  });

  it("did not, when every attempt was refused or answered 503", async () => {
    const { next } = scripted([new Response(null, { status: 503 }), refused()]);
    const error = await rejection(withRetry(next, { ...fast, retries: 1 })(new Request(`${base}/orgs`)));
    expect(error).toMatchObject({ attempts: 2, mayHaveActed: false });
  });
});

describe("withRetry: a DELETE whose answer was lost", () => {
  const reset = () => coded("ECONNRESET");
  const notFound = () => Response.json({ error: 404, errorCode: "TEAM_NOT_FOUND" }, { status: 404 });
  const del = () => new Request(`${base}/orgs/1/teams/2`, { method: "DELETE" });

  it("is done when the retry finds it gone after a reset: the success status, and a retry-gone event", async () => {
    const { seen: logged, logger } = events();
    const { next, requests } = scripted([reset(), notFound()]);
    const response = await withRetry(next, { ...fast, logger })(del());
    expect(response.status).toBe(204);
    expect(requests).toHaveLength(2);
    expect(logged.map((e) => e.event)).toEqual(["retry", "retry-gone"]);
    expect(logged[1]!.message).toMatch(/^DELETE .*\/teams\/2: 404 after an attempt that may have deleted it; taken as done$/);
  });

  it("is done after a timeout or a gateway's 502/504 too", async () => {
    for (const first of [timedOut("DELETE"), new Response(null, { status: 502 }), new Response(null, { status: 504 })]) {
      const { next } = scripted([first, notFound()]);
      expect((await withRetry(next, fast)(del())).status).toBe(204);
    }
  });

  it("keeps the 404 when no earlier attempt reached the server (refused, 503, 429)", async () => {
    for (const first of [refused(), new Response(null, { status: 503 }), new Response(null, { status: 429 })]) {
      const { next } = scripted([first, notFound()]);
      const response = await withRetry(next, fast)(del());
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ errorCode: "TEAM_NOT_FOUND" });
    }
  });

  it("keeps a 404 to the first attempt", async () => {
    const { next } = scripted([notFound()]);
    expect((await withRetry(next, fast)(del())).status).toBe(404);
  });

  it("keeps a 404 to a GET retried after a reset", async () => {
    const { next } = scripted([reset(), notFound()]);
    expect((await withRetry(next, fast)(new Request(`${base}/orgs/1/teams/2`))).status).toBe(404);
  });
});

describe("withRetry: answers the HTTP parser refused", () => {
  it("retries a GET after HPE_INVALID_CONSTANT", async () => {
    const { next, requests } = scripted([coded("HPE_INVALID_CONSTANT"), new Response("ok")]);
    expect((await withRetry(next, fast)(new Request(`${base}/orgs`))).status).toBe(200);
    expect(requests).toHaveLength(2);
  });

  it("never re-sends a POST after one: the server answered, so it may have acted", async () => {
    const { next, requests } = scripted([coded("HPE_INVALID_CONSTANT"), new Response("ok")]);
    const error = await rejection(withRetry(next, fast)(new Request(`${base}/orgs`, { method: "POST", body: "{}" })));
    expect(error).toMatchObject({ name: "AtlasConnectionError", kind: "network", mayHaveActed: true });
    expect(requests).toHaveLength(1);
  });
});

describe("withRetry: the caller's signal and other errors", () => {
  it("ends the wait as soon as the signal aborts, without sending again", async () => {
    const controller = new AbortController();
    const seen = serve("get", "/orgs", [status(503, { "Retry-After": "30" }), ok]);
    const reason = new Error("user gave up");
    // Aborts once the 30 s wait has begun; the test's 20 s limit would catch a wait that went on.
    const logger = { debug: () => void setTimeout(() => controller.abort(reason), 1) };
    const request = new Request(`${base}/orgs`, { signal: controller.signal });
    const error = await rejection(withRetry(transport, { logger })(request));
    expect(error).toBe(reason);
    expect(seen).toHaveLength(1);
  });

  it("does not retry an attempt the caller aborted, and passes its error through", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const next: FetchLike = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const pending = withRetry(next, fast)(new Request(`${base}/orgs`, { signal: controller.signal }));
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
  });

  it("does not start a wait for an already aborted signal", async () => {
    const controller = new AbortController();
    const reason = new Error("already");
    const { next, requests } = scripted([new Response(null, { status: 503 })]);
    const logger = { debug: () => controller.abort(reason) };
    const error = await rejection(withRetry(next, { ...fast, logger })(new Request(`${base}/orgs`, { signal: controller.signal })));
    expect(error).toBe(reason);
    expect(requests).toHaveLength(1);
  });

  it("passes an error that is not about the connection through, unretried", async () => {
    const denied = Object.assign(new Error("wrong credentials"), { code: "DIGEST_UNAUTHORIZED" });
    const plain = new Error("bug");
    for (const failure of [denied, plain, "string"]) {
      const { next, requests } = scripted([failure, new Response("ok")]);
      expect(await rejection(withRetry(next, fast)(new Request(`${base}/orgs`)))).toBe(failure);
      expect(requests).toHaveLength(1);
    }
  });
});

describe("withRetry: what it tells and what it frees", () => {
  it("logs each retry with the redacted URL, the next attempt, the wait and the reason", async () => {
    const { seen: logged, logger } = events();
    const { next } = scripted([new Response(null, { status: 503 }), refused(), new Response("ok")]);
    await withRetry(next, { ...fast, logger })(new Request(`${base}/orgs?access_token=t0k3n`));
    const url = `${base}/orgs?access_token=[REDACTED]`;
    expect(logged).toEqual([
      expect.objectContaining({ event: "retry", method: "GET", url, attempt: 2, status: 503, reason: "status 503" }),
      expect.objectContaining({ event: "retry", method: "GET", url, attempt: 3, reason: "ECONNREFUSED" }),
    ]);
    expect(logged[1]).not.toHaveProperty("status");
    expect(logged[0]!.message).toMatch(/^GET .*access_token=\[REDACTED\]: status 503; attempt 2 of 4 in \d+ ms$/);
    expect(JSON.stringify(logged)).not.toContain("t0k3n");
  });

  it("doubles the backoff ceiling per attempt, jitters below it, and caps it at maxDelayMs", async () => {
    const delays = async (random: number, maxDelayMs: number): Promise<unknown[]> => {
      const { seen: logged, logger } = events();
      const { next } = scripted([new Response(null, { status: 503 })]);
      const spy = vi.spyOn(Math, "random").mockReturnValue(random);
      try {
        await withRetry(next, { baseDelayMs: 2, maxDelayMs, retries: 4, logger })(new Request(`${base}/orgs`));
      } finally {
        spy.mockRestore();
      }
      return logged.map((event) => event["delayMs"]);
    };
    expect(await delays(1, 100)).toEqual([2, 4, 8, 16]);
    expect(await delays(0.5, 100)).toEqual([1, 2, 4, 8]);
    expect(await delays(1, 5)).toEqual([2, 4, 5, 5]);
    expect(await delays(0, 100)).toEqual([0, 0, 0, 0]);
  });

  it("describes a timeout as the reason of a retry", async () => {
    const { seen: logged, logger } = events();
    const timeout = timedOut();
    const { next } = scripted([timeout, new Response("ok")]);
    await withRetry(next, { ...fast, logger })(new Request(`${base}/orgs`));
    expect(logged[0]).toMatchObject({ reason: "timeout" });
  });

  it("cancels the body of an answer it will not return", async () => {
    let cancelled = false;
    const body = new ReadableStream({ cancel: () => void (cancelled = true) });
    const { next } = scripted([new Response(body, { status: 503 }), new Response("ok")]);
    await withRetry(next, fast)(new Request(`${base}/orgs`));
    expect(cancelled).toBe(true);
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (address === null || typeof address === "string") return reject(new Error("no port"));
      probe.close(() => resolve(address.port));
    });
  });
}
