import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AtlasConnectionError } from "../../src/errors/atlas-connection-error.js";
import { withBufferedBody } from "../../src/fetch/with-buffered-body.js";
import { withTimeout } from "../../src/fetch/with-timeout.js";
import type { FetchLike } from "../../src/types/index.js";

const base = "https://cloud.mongodb.com/api/atlas/v2";
const server = setupServer();
const transport: FetchLike = (request) => fetch(request);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A transport that, like fetch, only ends when the request's signal aborts. */
const hanging: FetchLike = (request) =>
  new Promise((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

async function failure(promise: Promise<unknown>): Promise<AtlasConnectionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AtlasConnectionError);
  return error as AtlasConnectionError;
}

describe("withTimeout", () => {
  it("passes an answer that comes in time through", async () => {
    server.use(http.get(`${base}/orgs`, () => HttpResponse.json({ results: [] })));
    const response = await withTimeout(transport, 1000)(new Request(`${base}/orgs`));
    expect(await response.json()).toEqual({ results: [] });
  });

  it("fails a slow answer with AtlasConnectionError kind timeout", async () => {
    server.use(
      http.get(`${base}/orgs`, async () => {
        await delay(500);
        return HttpResponse.json({});
      }),
    );
    const error = await failure(withTimeout(transport, 20)(new Request(`${base}/orgs?pageNum=1`)));
    expect(error).toMatchObject({ kind: "timeout", status: 0, method: "GET", url: `${base}/orgs?pageNum=1`, attempts: 1 });
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
    expect(error.message).toBe(`GET ${base}/orgs?pageNum=1 → no response (timeout: no complete answer within 20 ms)`);
  });

  it("reports the caller's abort as kind abort with the caller's reason", async () => {
    const controller = new AbortController();
    const pending = withTimeout(hanging, 10_000)(new Request(`${base}/orgs`, { signal: controller.signal }));
    const reason = new Error("user gave up");
    controller.abort(reason);
    const error = await failure(pending);
    expect(error.kind).toBe("abort");
    expect(error.cause).toBe(reason);
  });

  it("keeps a caller's reason that is not an Error, as text in the JSON", async () => {
    const controller = new AbortController();
    const pending = withTimeout(hanging, 10_000)(new Request(`${base}/orgs`, { signal: controller.signal }));
    controller.abort("navigated away");
    const error = await failure(pending);
    expect(error.message).toBe(`GET ${base}/orgs → no response (abort: navigated away)`);
    expect(error.toJSON()).toMatchObject({ kind: "abort", cause: "navigated away" });
  });

  it("passes errors that are neither a timeout nor an abort through unchanged", async () => {
    const boom = new TypeError("fetch failed");
    const error = await withTimeout(() => Promise.reject(boom), 1000)(new Request(`${base}/orgs`)).catch(
      (e: unknown) => e,
    );
    expect(error).toBe(boom);
  });

  it("returns the fetch below unchanged when there is no deadline", () => {
    expect(withTimeout(transport, 0)).toBe(transport);
    expect(withTimeout(transport)).toBe(transport);
    expect(withTimeout(transport, Number.POSITIVE_INFINITY)).toBe(transport);
  });

  /** An answer whose body sends its first half at once and the rest after `ms`. */
  const slowBody = (ms: number) => () => {
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('{"results":'));
        await delay(ms);
        controller.enqueue(new TextEncoder().encode("[]}"));
        controller.close();
      },
    });
    return new HttpResponse(stream, { headers: { "Content-Type": "application/json" } });
  };

  it("covers the body: one that stalls after the headers fails with kind timeout and the answer's status", async () => {
    server.use(http.get(`${base}/orgs`, slowBody(5_000)));
    const request = new Request(`${base}/orgs`, { headers: { Accept: "application/json" } });
    // Long enough for the headers on a busy machine; the rest of the body never comes in time.
    const error = await failure(withTimeout(withBufferedBody(transport), 300)(request));
    expect(error).toMatchObject({ kind: "timeout", responseStatus: 200, mayHaveActed: true });
    expect(error.message).toMatch(/→ 200, but its body could not be used \(timeout: no complete answer within 300 ms\)/);
  });

  it("reads a body that ends within the deadline whole", async () => {
    server.use(http.get(`${base}/orgs`, slowBody(20)));
    const response = await withTimeout(withBufferedBody(transport), 1000)(new Request(`${base}/orgs`));
    expect(await response.json()).toEqual({ results: [] });
  });

  it("sends a stream body through intact", async () => {
    let received = "";
    server.use(
      http.post(`${base}/orgs`, async ({ request }) => {
        received = await request.text();
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"name":"acme"}'));
        controller.close();
      },
    });
    const request = new Request(`${base}/orgs`, { method: "POST", body, duplex: "half" } as RequestInit);
    const response = await withTimeout(transport, 1000)(request);
    expect(response.status).toBe(201);
    expect(received).toBe('{"name":"acme"}');
  });

  it("keeps a token in the URL out of the error, its JSON and its message", async () => {
    const url = `${base}/orgs?access_token=t0k3n`;
    const error = await failure(withTimeout(hanging, 5)(new Request(url)));
    expect(error.url).toBe(`${base}/orgs?access_token=[REDACTED]`);
    const json = JSON.stringify(error);
    expect(`${json} ${String(error)} ${error.stack}`).not.toMatch(/t0k3n/);
    expect(JSON.parse(json)).toMatchObject({
      name: "AtlasConnectionError",
      status: 0,
      kind: "timeout",
      attempts: 1,
      cause: { name: "TimeoutError", message: "no complete answer within 5 ms" },
    });
  });
});
