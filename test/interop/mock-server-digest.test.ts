import { describe, expect, it } from "vitest";
import { createAtlasClient } from "../../src/client/create-atlas-client.js";
import { digestAuth } from "../../src/auth/digest-auth.js";
import { startMockServer } from "../../src/mock/server.js";

const CALLS = 2_000;
const CONCURRENCY = 50;

/**
 * The mock refuses an `nc` not above the last one seen for its nonce, as a strict server does,
 * and over real sockets concurrent counts reach it out of order.
 */
describe("the library's client against startMockServer over HTTP", () => {
  it.each([1, 2, 3])(`ends none of ${CALLS} calls at concurrency ${CONCURRENCY} in a 401, with a bounded number of extra round trips (round %i)`, async (round) => {
    const mock = await startMockServer();
    try {
      const events: string[] = [];
      const atlas = createAtlasClient({
        baseUrl: mock.url,
        auth: digestAuth(mock.credentials.apiKey),
        retry: false,
        logger: { debug: (event) => events.push(String(event.message)) },
      });
      const statuses: number[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next++ < CALLS) statuses.push((await atlas.GET("/api/atlas/v2/orgs")).response.status);
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const roundTrips = mock.state.counters.httpRequests;
      const refused = events.filter((message) => message.startsWith("remembered nonce refused")).length;
      console.log(`interop mock, round ${round}: ${CALLS} calls at concurrency ${CONCURRENCY}, ${statuses.filter((s) => s === 401).length} ended in 401, ${roundTrips} round trips, ${refused} refused out of order`);
      expect(statuses).toHaveLength(CALLS);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(events).not.toContain("credentials rejected");
      // The first challenge; one re-send for each call refused before the client saw the mock
      // counts strictly (at most one burst: 50); one handshake for each session the pool grows by (50).
      expect(roundTrips).toBeLessThanOrEqual(CALLS + 1 + 2 * CONCURRENCY);
    } finally {
      await mock.close();
    }
  });

  it("makes 30 sequential calls in 31 round trips", async () => {
    const mock = await startMockServer();
    try {
      const atlas = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(mock.credentials.apiKey), retry: false });
      for (let page = 1; page <= 30; page += 1) {
        expect((await atlas.GET("/api/atlas/v2/orgs", { params: { query: { pageNum: page } } })).response.status).toBe(200);
      }
      expect(mock.state.requests.map((request) => request.status)).toEqual([401, ...Array<number>(30).fill(200)]);
    } finally {
      await mock.close();
    }
  });
});
