import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { digestAuth } from "../../src/auth/digest-auth.js";
import { DigestChallengeError } from "../../src/auth/digest-challenge.js";
import type { FetchLike, LogEvent } from "../../src/types/index.js";
import { DigestServer, digestProtected, type DigestServerOptions } from "../support/digest-server.js";

const ORIGIN = "https://digest.test";
const URL_ = `${ORIGIN}/api/atlas/v2/orgs`;
const PUBLIC_KEY = "abcdefgh";
const PRIVATE_KEY = "4c1e5a6b-7d8f-4a2b-9c0d-1e2f3a4b5c6d";

const msw = setupServer();
beforeAll(() => msw.listen({ onUnhandledRequest: "error" }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

/** A server for `URL_` (any method) with the test key. */
function serve(options: Partial<DigestServerOptions> = {}): DigestServer {
  const server = new DigestServer({ username: PUBLIC_KEY, password: PRIVATE_KEY, ...options });
  msw.use(digestProtected(server, "all", `${URL_}*`));
  return server;
}

/** The strategy under test, over the late-bound global fetch, logging into `events`. */
function client(events: LogEvent[] = [], privateKey = PRIVATE_KEY): FetchLike {
  return digestAuth({ publicKey: PUBLIC_KEY, privateKey }).wrap({
    fetch: (request) => globalThis.fetch(request),
    userAgent: "test",
    logger: { debug: (event) => events.push(event) },
  });
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("digestAuth", () => {
  it("is an AuthStrategy of type digest", () => {
    expect(digestAuth({ publicKey: "a", privateKey: "b" }).type).toBe("digest");
  });

  it("answers Atlas's MD5 challenge in two round trips", async () => {
    const server = serve();
    const response = await client()(new Request(URL_));
    expect(response.status).toBe(200);
    expect(server.requests).toBe(2);
    expect(server.accepted[0]).toMatchObject({ username: PUBLIC_KEY, algorithm: "MD5", nc: "00000001" });
  });

  it.each(["SHA-256", "MD5-sess", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"])(
    "answers a %s challenge the server verifies",
    async (algorithm) => {
      const server = serve({ algorithms: [algorithm] });
      expect((await client()(new Request(URL_))).status).toBe(200);
      expect(server.accepted[0]?.algorithm).toBe(algorithm);
    },
  );

  it("chooses SHA-256 when the server offers MD5 first", async () => {
    const server = serve({ algorithms: ["MD5", "SHA-256"] });
    await client()(new Request(URL_));
    expect(server.accepted.map((request) => request.algorithm)).toEqual(["SHA-256"]);
  });

  it("finds the Digest challenge among Negotiate and Basic challenges", async () => {
    const server = serve({ otherChallenges: 'Negotiate, Basic realm="basic, realm"' });
    expect((await client()(new Request(URL_))).status).toBe(200);
    expect(server.accepted).toHaveLength(1);
  });

  it("echoes opaque and sends a hashed username when asked for userhash", async () => {
    const server = serve({ opaque: "o/p\\aque", userhash: true, algorithms: ["SHA-256"] });
    expect((await client()(new Request(URL_))).status).toBe(200);
    expect(server.accepted[0]?.username).toMatch(/^[0-9a-f]{64}$/);
  });

  it("chooses qop=auth from a list that also offers auth-int", async () => {
    const server = serve({ qop: "auth,auth-int" });
    expect((await client()(new Request(URL_))).status).toBe(200);
    expect(server.accepted).toHaveLength(1);
  });

  it("answers an RFC 2069 challenge (no qop) without nc or cnonce", async () => {
    const server = serve({ qop: null });
    expect((await client()(new Request(URL_))).status).toBe(200);
    expect(server.accepted[0]).toMatchObject({ nc: undefined, cnonce: undefined });
  });

  it("signs the exact request-target, query string included", async () => {
    const server = serve();
    const response = await client()(new Request(`${URL_}?pageNum=2&itemsPerPage=500&name=a%20b`));
    expect(response.status).toBe(200);
    expect(server.accepted[0]?.uri).toBe("/api/atlas/v2/orgs?pageNum=2&itemsPerPage=500&name=a%20b");
  });

  it("sends a fresh cryptographic cnonce with every request", async () => {
    const server = serve();
    const fetch = client();
    for (let i = 0; i < 3; i++) await fetch(new Request(URL_));
    const cnonces = server.accepted.map((request) => request.cnonce);
    expect(new Set(cnonces).size).toBe(3);
    for (const cnonce of cnonces) expect(cnonce).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("digestAuth reuse", () => {
  it("costs 21 round trips for 20 sequential calls, counting nc up from 00000001", async () => {
    const server = serve({ strictNc: true });
    const fetch = client();
    for (let i = 0; i < 20; i++) expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(21);
    expect(server.accepted.map((request) => request.nc)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i + 1).toString(16).padStart(8, "0")),
    );
    expect(new Set(server.accepted.map((request) => request.nonce)).size).toBe(1);
  });

  it("keeps each wrapped transport's nonces to itself", async () => {
    const server = serve();
    await client()(new Request(URL_));
    await client()(new Request(URL_));
    expect(server.requests).toBe(4);
  });

  it("renews an expired nonce (stale=true) without an error and restarts nc at 1", async () => {
    const server = serve({ strictNc: true });
    const events: LogEvent[] = [];
    const fetch = client(events);
    await fetch(new Request(URL_));
    await fetch(new Request(URL_));
    server.expireNonces();
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect((await fetch(new Request(URL_))).status).toBe(200);
    // 2 + 1, then the stale call costs 2, then 1 again with the new nonce.
    expect(server.requests).toBe(6);
    expect(server.refusals).toEqual(["stale nonce"]);
    expect(server.accepted.map((request) => request.nc)).toEqual(["00000001", "00000002", "00000001", "00000002"]);
    expect(events.map((event) => event.message)).toContain("stale nonce, re-signed with the new challenge");
  });

  it("renews a nonce past its lifetime between calls", async () => {
    const server = serve({ nonceLifetimeMs: 5 });
    const fetch = client();
    await fetch(new Request(URL_));
    await sleep(20);
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(4);
    expect(server.refusals).toEqual(["stale nonce"]);
  });

  it("re-signs once when the server refuses a remembered nonce with a plain 401", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    server.forgetNonces();
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(4);
    expect(server.refusals).toEqual(["unknown nonce"]);
  });

  it("takes nextnonce from Authentication-Info and restarts nc at 1", async () => {
    const server = serve({ nextnonce: true, strictNc: true });
    const fetch = client();
    for (let i = 0; i < 3; i++) expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(4);
    const [first, second, third] = server.accepted;
    expect(second?.nonce).not.toBe(first?.nonce);
    expect(third?.nonce).not.toBe(second?.nonce);
    expect(server.accepted.map((request) => request.nc)).toEqual(["00000001", "00000001", "00000001"]);
  });

  it("keeps counting when nextnonce repeats the current nonce, is unreadable or absent", async () => {
    let info = "";
    const server = serve();
    msw.use(
      http.all(`${URL_}*`, async ({ request }) => {
        const response = await server.handle(request, () => HttpResponse.json({ ok: true }));
        if (response.status === 200) response.headers.set("authentication-info", info);
        return response;
      }),
    );
    const fetch = client();
    await fetch(new Request(URL_));
    info = `nextnonce="${server.accepted[0]?.nonce ?? ""}"`;
    await fetch(new Request(URL_));
    info = 'nextnonce="unclosed';
    await fetch(new Request(URL_));
    info = 'rspauth="abc", qop=auth';
    await fetch(new Request(URL_));
    expect(server.accepted.map((request) => request.nc)).toEqual(["00000001", "00000002", "00000003", "00000004"]);
    expect(server.requests).toBe(5);
  });
});

describe("digestAuth concurrency", () => {
  it("sends 21 requests for 20 concurrent first calls on a non-strict server", async () => {
    const server = serve();
    const fetch = client();
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request(URL_))));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect(server.requests).toBe(21);
    expect(new Set(server.accepted.map((request) => request.nc)).size).toBe(20);
  });

  it("gives 20 concurrent calls with a remembered nonce 20 distinct nc values", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request(URL_))));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.requests).toBe(22);
    expect(new Set(server.accepted.map((request) => request.nc)).size).toBe(21);
  });

  it("succeeds for every call when a strict server sees the nc values out of order", async () => {
    // Later arrivals are checked first, so most counts reach the server out of order.
    const server = serve({ strictNc: true, delayMs: (arrival) => (arrival >= 1 && arrival <= 20 ? (21 - arrival) * 2 : 0) });
    const events: LogEvent[] = [];
    const fetch = client(events);
    await fetch(new Request(URL_));
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request(URL_))));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.refusals.length).toBeGreaterThan(0);
    expect(server.refusals.every((reason) => reason === "nc out of order")).toBe(true);
    // 2 for the first call, 20 signed up front, one re-send for each refused.
    expect(server.requests).toBe(22 + server.refusals.length);
    const resigned = events.filter((event) => event.message === "remembered nonce refused, re-signed with the new challenge");
    expect(resigned).toHaveLength(server.refusals.length);
  });

  it("gets all of 5 rounds of 20 warm concurrent calls through a server counting nc per client as Apache does, paying extra requests in the first round only", async () => {
    // Checked out of arrival order; one count per opaque across nonces, exactly the next one, restarted by any refusal.
    const server = serve({ ncPerClient: true, delayMs: (arrival) => (arrival % 5) * 3 });
    const events: LogEvent[] = [];
    const fetch = client(events);
    expect((await fetch(new Request(URL_))).status).toBe(200);
    const perRound: number[] = [];
    let failed = 0;
    for (let round = 0; round < 5; round++) {
      const before = server.requests;
      const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(new Request(`${URL_}?pageNum=${i}`))));
      failed += responses.filter((response) => response.status !== 200).length;
      perRound.push(server.requests - before);
    }
    expect(failed).toBe(0);
    expect(server.refusals.length).toBeGreaterThan(0);
    expect(server.refusals.every((reason) => reason === "nc out of order")).toBe(true);
    expect(events.map((event) => event.message)).not.toContain("credentials rejected");
    // Round 1: each refused call asks for a client record of its own (2 more requests); round 2
    // fills the pool up to 20 sessions (1 handshake each); from then on, one request a call.
    expect(perRound[0]).toBeLessThanOrEqual(20 + 2 * 20);
    expect(perRound[1]).toBeLessThanOrEqual(40);
    expect(perRound.slice(2)).toEqual([20, 20, 20]);
    // 30 at once: the 20 sessions of the pool, and 10 new ones at one handshake each.
    const before = server.requests;
    const more = await Promise.all(Array.from({ length: 30 }, () => fetch(new Request(URL_))));
    expect(more.every((response) => response.status === 200)).toBe(true);
    expect(server.requests - before).toBe(40);
  });

  it("re-signs alone, continuing the count, when a strict server hands the refused nonce out again", async () => {
    // Arrivals 2, 3, 4 are the concurrent calls: the second is checked first, the third last.
    const delays: Record<number, number> = { 2: 30, 4: 150 };
    const server = serve({ reuseNonce: true, strictNc: true, delayMs: (arrival) => delays[arrival] ?? 0 });
    const events: LogEvent[] = [];
    const fetch = client(events);
    await fetch(new Request(URL_));
    const responses = await Promise.all([fetch(new Request(URL_)), fetch(new Request(URL_)), fetch(new Request(URL_))]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(server.refusals).toEqual(["nc out of order"]);
    // The refused call waited for the one still in flight, then took the next count of the same nonce.
    expect(server.accepted.map((request) => request.nc)).toEqual(["00000001", "00000003", "00000004", "00000005"]);
    expect(new Set(server.accepted.map((request) => request.nonce)).size).toBe(1);
    expect(events.map((event) => event.message)).toContain("remembered nonce refused, re-signed with the same nonce alone");
  });

  it("lets a call waiting to re-sign alone give up when its signal aborts, and the nonce serves the next call", async () => {
    const delays: Record<number, number> = { 2: 30, 4: 150 };
    const server = serve({ reuseNonce: true, strictNc: true, delayMs: (arrival) => delays[arrival] ?? 0 });
    const fetch = client();
    await fetch(new Request(URL_));
    const controller = new AbortController();
    const waiting = fetch(new Request(URL_, { signal: controller.signal }));
    const others = Promise.all([fetch(new Request(URL_)), fetch(new Request(URL_))]);
    setTimeout(() => controller.abort(new Error("caller gave up")), 80);
    await expect(waiting).rejects.toThrow("caller gave up");
    expect((await others).map((response) => response.status)).toEqual([200, 200]);
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.refusals).toEqual(["nc out of order"]);
  });

  it("keeps the remembered nonce after a call whose signed request got no answer", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    msw.use(http.get(URL_, () => HttpResponse.error(), { once: true }));
    await expect(fetch(new Request(URL_))).rejects.toThrow();
    expect((await fetch(new Request(URL_))).status).toBe(200);
    // The challenge, the first call, the call after: no new handshake.
    expect(server.requests).toBe(3);
  });

  it.each([
    ["signed with a challenge just received", false],
    ["signed with a remembered nonce", true],
  ])("fails with DigestChallengeError when a 401 to a request %s asks for what it cannot answer, and recovers", async (_, warm) => {
    const server = serve();
    const fetch = client();
    if (warm) await fetch(new Request(URL_));
    let refuse = true;
    msw.use(
      http.get(URL_, ({ request }) => {
        if (!refuse || !request.headers.has("authorization")) return undefined;
        refuse = false;
        return new HttpResponse(null, { status: 401, headers: { "www-authenticate": 'Digest realm="r", nonce="n", algorithm=SHA-1, qop="auth"' } });
      }),
    );
    await expect(fetch(new Request(URL_))).rejects.toThrow(DigestChallengeError);
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.accepted.length).toBe(warm ? 2 : 1);
  });

  it("keeps sequential calls at N+1 requests on a server counting nc per client", async () => {
    const server = serve({ ncPerClient: true });
    const fetch = client();
    for (let i = 0; i < 10; i++) expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(11);
  });

  it("asks for a challenge of its own, not the refused counter's, when a wrong key meets concurrent calls", async () => {
    const server = serve({ ncPerClient: true });
    const fetch = client();
    await fetch(new Request(URL_));
    server.setPassword("rotated");
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(new Request(URL_))));
    expect(responses.map((response) => response.status)).toEqual(Array(5).fill(401));
    // Each call: at most the remembered attempt, a handshake and one request under its own challenge.
    expect(server.requests - 2).toBeLessThanOrEqual(5 * 3);
  });

  it("succeeds for 20 concurrent first calls on a strict server", async () => {
    const server = serve({ strictNc: true, delayMs: (arrival) => (arrival >= 1 && arrival <= 20 ? (21 - arrival) * 2 : 0) });
    const fetch = client();
    const responses = await Promise.all(Array.from({ length: 20 }, () => fetch(new Request(URL_))));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.refusals.length).toBeGreaterThan(0);
    expect(server.requests).toBe(21 + server.refusals.length);
  });

  it.each([
    ["answered 503", () => new HttpResponse(null, { status: 503 })],
    ["not answered", () => HttpResponse.error()],
  ])("starts one new handshake for 20 waiting calls when the first one is %s", async (_, fail) => {
    const server = new DigestServer({ username: PUBLIC_KEY, password: PRIVATE_KEY });
    let unsigned = 0;
    msw.use(
      http.get(URL_, ({ request }) => {
        if (!request.headers.has("authorization") && ++unsigned === 1) return fail();
        return server.handle(request, () => HttpResponse.json({ ok: true }));
      }),
    );
    const fetch = client();
    const calls = Array.from({ length: 21 }, () => fetch(new Request(URL_)).then((r) => r.status, () => "failed"));
    const statuses = await Promise.all(calls);
    expect(statuses.slice(1)).toEqual(Array(20).fill(200));
    // The failed handshake, one challenge, 20 signed requests.
    expect(unsigned).toBe(2);
    expect(server.requests).toBe(21);
  });

  it("lets 20 calls waiting for another's handshake go on together when it brought an answer without a challenge", async () => {
    let arrivals = 0;
    let allIn = (): void => undefined;
    const together = new Promise<void>((resolve) => (allIn = resolve));
    msw.use(
      http.get(URL_, async () => {
        // The 20 waiters are answered only once all of them are in: one at a time, they never would be.
        if (++arrivals > 1) {
          if (arrivals === 21) allIn();
          await together;
        }
        return HttpResponse.json({ open: true });
      }),
    );
    const fetch = client();
    const responses = await Promise.all(Array.from({ length: 21 }, () => fetch(new Request(URL_))));
    expect(responses.map((response) => response.status)).toEqual(Array(21).fill(200));
  });

  it("lets a call waiting for another's handshake give up when its signal aborts", async () => {
    const server = serve();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    msw.use(
      http.get(URL_, async ({ request }) => {
        if (!request.headers.has("authorization")) await held;
        return undefined; // on to the digest server
      }),
    );
    const fetch = client();
    const first = fetch(new Request(URL_));
    const controller = new AbortController();
    const waiting = fetch(new Request(URL_, { signal: controller.signal }));
    controller.abort(new Error("caller gave up"));
    await expect(waiting).rejects.toThrow("caller gave up");
    release();
    expect((await first).status).toBe(200);
    expect(server.requests).toBe(2);
  });

  it("does not wait for another's handshake when its signal has already aborted", async () => {
    serve();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    msw.use(
      http.get(URL_, async ({ request }) => {
        if (!request.headers.has("authorization")) await held;
        return undefined;
      }),
    );
    const fetch = client();
    const first = fetch(new Request(URL_));
    await expect(fetch(new Request(URL_, { signal: AbortSignal.abort(new Error("already gone")) }))).rejects.toThrow("already gone");
    release();
    expect((await first).status).toBe(200);
  });

  it("continues the count of a nonce a concurrent 401 hands out again", async () => {
    const server = serve({ reuseNonce: true, strictNc: true });
    const fetch = client();
    await fetch(new Request(URL_));
    server.forgetNonces();
    const responses = await Promise.all(Array.from({ length: 5 }, () => fetch(new Request(URL_))));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    // The 5 re-signs share the one new nonce with distinct counts.
    expect(server.accepted.slice(1).map((request) => request.nc).sort()).toEqual([
      "00000001",
      "00000002",
      "00000003",
      "00000004",
      "00000005",
    ]);
  });
});

describe("digestAuth leaves the caller's request alone", () => {
  it("signs a copy: a bodiless request carries no Authorization after the handshake or a remembered-nonce call", async () => {
    serve();
    const fetch = client();
    const first = new Request(URL_);
    expect((await fetch(first)).status).toBe(200);
    const second = new Request(URL_);
    expect((await fetch(second)).status).toBe(200);
    expect([first.headers.get("authorization"), second.headers.get("authorization")]).toEqual([null, null]);
  });

  it("starts the handshake of a request object sent again (as a retry does) without the earlier Authorization", async () => {
    const server = serve();
    const unsigned: (string | null)[] = [];
    msw.use(
      http.all(URL_, ({ request }) => {
        if (server.requests % 2 === 0) unsigned.push(request.headers.get("authorization"));
        return server.handle(request, () => HttpResponse.json({ ok: true }));
      }),
    );
    const request = new Request(URL_);
    expect((await client()(request)).status).toBe(200);
    // A new transport has no nonce, so it sends the same object without credentials first.
    expect((await client()(request)).status).toBe(200);
    expect(server.requests).toBe(4);
    expect(unsigned).toEqual([null, null]);
  });
});

describe("digestAuth bodies", () => {
  it("re-sends a string POST body intact after the challenge", async () => {
    const server = serve();
    const body = JSON.stringify({ name: "dbas", usernames: ["ann@example.com"] });
    const response = await client()(new Request(URL_, { method: "POST", body, headers: { "content-type": "application/json" } }));
    expect(await json(response)).toMatchObject({ method: "POST", body });
    expect(server.requests).toBe(2);
  });

  it("re-sends a stream body intact after a stale nonce", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    server.expireNonces();
    const chunks = ['{"name":', '"streamed"}'];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const request = new Request(URL_, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const response = await fetch(request);
    expect(await json(response)).toMatchObject({ body: '{"name":"streamed"}' });
    expect(server.requests).toBe(4);
  });
});

describe("digestAuth refusals", () => {
  it("returns the 401 after 2 requests when the credentials are wrong", async () => {
    const server = serve();
    const events: LogEvent[] = [];
    const response = await client(events, "wrong-private-key")(new Request(URL_));
    expect(response.status).toBe(401);
    expect(server.requests).toBe(2);
    expect(events.map((event) => event.message)).toEqual(["digest challenge received", "credentials rejected"]);
  });

  it("returns the 401 to each of several concurrent calls with wrong credentials, 2 requests each", async () => {
    const server = serve();
    const fetch = client([], "wrong-private-key");
    const responses = await Promise.all(Array.from({ length: 3 }, () => fetch(new Request(URL_))));
    expect(responses.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(server.requests).toBe(6);
  });

  it("returns the 401 after 2 requests when a remembered key stops working (the second signed with the 401's own challenge), then forgets the nonce", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    server.setPassword("rotated");
    expect((await fetch(new Request(URL_))).status).toBe(401);
    expect(server.requests).toBe(4);
    // Nothing remembered now: the next call starts with an unsigned request.
    expect((await fetch(new Request(URL_))).status).toBe(401);
    expect(server.requests).toBe(6);
    expect(server.refusals).toEqual(["wrong response", "wrong response", "wrong response"]);
  });

  it("returns a 401 without a Digest challenge unchanged", async () => {
    let calls = 0;
    msw.use(
      http.get(URL_, () => {
        calls += 1;
        return new HttpResponse("no", { status: 401, headers: { "www-authenticate": 'Basic realm="x"' } });
      }),
    );
    const response = await client()(new Request(URL_));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("no");
    expect(calls).toBe(1);
  });

  it("returns a 401 without a Digest challenge to a signed request unchanged, without re-sending", async () => {
    const server = serve();
    const fetch = client();
    await fetch(new Request(URL_));
    msw.use(http.get(URL_, () => new HttpResponse("gone", { status: 401, headers: { "www-authenticate": "Bearer" } })));
    const response = await fetch(new Request(URL_));
    expect(response.status).toBe(401);
    expect(await response.text()).toBe("gone");
    expect(server.requests).toBe(2);
  });

  it("returns a 401 without a challenge to a freshly signed request as an answer and keeps the nonce: 5 calls, 6 requests", async () => {
    const server = new DigestServer({ username: PUBLIC_KEY, password: PRIVATE_KEY, strictNc: true });
    const notOwner = (): Response => HttpResponse.json({ error: 401, errorCode: "NOT_ORG_OWNER" }, { status: 401 });
    msw.use(http.all(URL_, ({ request }) => server.handle(request, notOwner)));
    const events: LogEvent[] = [];
    const fetch = client(events);
    for (let i = 0; i < 5; i++) {
      const response = await fetch(new Request(URL_));
      expect(await json(response)).toMatchObject({ errorCode: "NOT_ORG_OWNER" });
    }
    expect(server.requests).toBe(6);
    expect(server.accepted.map((request) => request.nc)).toEqual(["00000001", "00000002", "00000003", "00000004", "00000005"]);
    expect(events.map((event) => event.message)).not.toContain("credentials rejected");
  });

  it("keeps a remembered nonce after a 401 without a challenge to a request signed up front", async () => {
    const server = new DigestServer({ username: PUBLIC_KEY, password: PRIVATE_KEY, strictNc: true });
    let allowed = true;
    const answer = (): Response => (allowed ? HttpResponse.json({ ok: true }) : HttpResponse.json({ errorCode: "USER_UNAUTHORIZED" }, { status: 401 }));
    msw.use(http.all(URL_, ({ request }) => server.handle(request, answer)));
    const fetch = client();
    await fetch(new Request(URL_));
    allowed = false;
    expect((await fetch(new Request(URL_))).status).toBe(401);
    allowed = true;
    expect((await fetch(new Request(URL_))).status).toBe(200);
    expect(server.requests).toBe(4);
  });

  it("returns a response that is not 401 unchanged, without signing", async () => {
    const seen: (string | null)[] = [];
    msw.use(
      http.get(URL_, ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return HttpResponse.json({ open: true }, { status: 404 });
      }),
    );
    const response = await client()(new Request(URL_));
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({ open: true });
    expect(seen).toEqual([null]);
  });

  it.each([
    ['Digest realm="r", nonce="n", algorithm=SHA-1, qop="auth"', /unsupported algorithm "SHA-1"/],
    ['Digest realm="r", nonce="n", qop="auth-int"', /only auth is supported/],
    ['Digest realm="r", qop="auth"', /missing nonce/],
  ])("fails with DigestChallengeError and sends nothing half-signed for %s", async (challenge, message) => {
    let calls = 0;
    msw.use(
      http.get(URL_, () => {
        calls += 1;
        return new HttpResponse(null, { status: 401, headers: { "www-authenticate": challenge } });
      }),
    );
    const call = client()(new Request(URL_));
    await expect(call).rejects.toThrow(DigestChallengeError);
    await expect(call).rejects.toThrow(message);
    expect(calls).toBe(1);
  });

  it("lets a call waiting for another's challenge go on unsigned when no challenge came", async () => {
    let calls = 0;
    msw.use(
      http.get(URL_, () => {
        calls += 1;
        return HttpResponse.json({ open: true });
      }),
    );
    const fetch = client();
    const responses = await Promise.all([fetch(new Request(URL_)), fetch(new Request(URL_))]);
    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(calls).toBe(2);
  });
});

describe("digestAuth logging", () => {
  it("logs each step and never the private key, a hash or the Authorization header", async () => {
    const server = serve({ strictNc: true });
    const events: LogEvent[] = [];
    const fetch = client(events);
    await fetch(new Request(URL_));
    await fetch(new Request(URL_));
    server.expireNonces();
    await fetch(new Request(URL_));
    server.setPassword("rotated");
    await fetch(new Request(URL_));
    expect(events.map((event) => event.message)).toEqual([
      "digest challenge received",
      "signed up front with a remembered nonce",
      "signed up front with a remembered nonce",
      "stale nonce, re-signed with the new challenge",
      "signed up front with a remembered nonce",
      "remembered nonce refused, re-signed with the new challenge",
      "credentials rejected",
    ]);
    expect(events.every((event) => event.event === "auth")).toBe(true);
    const logged = JSON.stringify(events);
    expect(logged).not.toContain(PRIVATE_KEY);
    expect(logged).not.toMatch(/response=|Digest |[0-9a-f]{32}/);
  });
});
