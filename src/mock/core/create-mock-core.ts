/**
 * The transport-independent mock: a `Request` in, a `Response` out, state in memory.
 * The msw handlers and the HTTP server both call {@link MockCore.handle}.
 *
 * @module
 */
import { surfacesOfPath } from "./match-operation.js";
import { apiErrorResponse } from "./api-error-response.js";
import { createMockAuth } from "../auth/create-mock-auth.js";
import { createMockFaults, type MockFaults } from "../state/create-mock-faults.js";
import { createMockState, seedMockState, type MockState } from "../state/create-mock-state.js";
import { DEFAULT_MAX_BODY_BYTES } from "./body-too-large.js";
import { DroppedConnection } from "./dropped-connection.js";
import { mockCredentials, type MockCredentials } from "../auth/mock-credentials.js";
import { createMockIds } from "../state/mock-ids.js";
import { createMockRateLimiter } from "../rate-limits/mock-rate-limits.js";
import type { MockOptions } from "./mock-options.js";
import type { MockPrincipal } from "../auth/mock-principal.js";
import { defaultMockSeed } from "../state/mock-seed.js";
import { serveOperation } from "./serve-operation.js";
import { shapeResponse } from "./shape-response.js";

/** The mock itself, without a transport. */
export interface MockCore {
  /**
   * Answers one request. Throws {@link DroppedConnection} when a fault asks for the
   * connection to be dropped; the transport must then close it without an answer.
   */
  handle(request: Request): Promise<Response>;
  /** Everything the mock holds, including the request log; tests may read it. */
  readonly state: MockState;
  /** Fault switches for tests. */
  readonly faults: MockFaults;
  /** The seeded credentials and ids. */
  readonly credentials: MockCredentials;
  /**
   * Back to a freshly started mock: the seeded state, no faults, and no token, nonce or
   * spent token rate limit. Ids count from the start again, so an id created after a reset
   * may equal one created before it; forgetting the tokens keeps a token issued before the
   * reset from authenticating as whatever now holds its client id.
   */
  reset(): void;
}

/** Creates a mock core. */
export function createMockCore(options: MockOptions = {}): MockCore {
  const now = options.now ?? Date.now;
  const seed = { ...defaultMockSeed, ...options.seed };
  const state = createMockState();
  const ids = createMockIds();
  seedMockState(state, seed, now());
  const injector = createMockFaults(now);
  const auth = createMockAuth(state, options, now);
  const limiter = options.rateLimits === false ? undefined : createMockRateLimiter(state, options.rateLimits ?? {}, now);
  const requestLogLimit = options.requestLogLimit ?? 1000;

  /** The answer to send, or `"drop"` to close the connection without one. */
  async function answer(request: Request, url: URL): Promise<{ response: Response | "drop"; principal?: MockPrincipal }> {
    if (request.method === "POST" && url.pathname === "/api/oauth/token") {
      state.counters.tokenRequests += 1;
      return { response: await auth.tokenGate.token(request) };
    }
    if (request.method === "POST" && url.pathname === "/api/oauth/revoke") return { response: await auth.tokenGate.revoke(request) };
    const surfaces = surfacesOfPath(url.pathname);
    if (surfaces.length === 0) return { response: apiErrorResponse(404, "RESOURCE_NOT_FOUND", `Cannot find resource ${url.pathname}.`) };
    const fault = await injector.intercept();
    if (fault) return { response: fault === "drop" ? fault : injector.decorate(fault) };
    const gate = await auth.authenticate(request);
    if ("response" in gate) return { response: injector.decorate(gate.response) };
    const drawn = limiter?.draw(request.method, url.pathname, gate.principal);
    if (drawn?.refusal) return { response: injector.decorate(drawn.refusal), principal: gate.principal };
    const served = await serveOperation(request, url, {
      state,
      ids,
      principal: gate.principal,
      surfaces,
      publicApi: options.publicApi ?? "by-credential",
      now: now(),
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      revokeClient: (clientId) => auth.tokenGate.revokeClient(clientId),
    });
    // The route has run (and changed state) either way; a drop here loses only the answer.
    if (injector.dropsHandled()) return { response: "drop", principal: gate.principal };
    const shaped = await shapeResponse(served, url, options.envelopeStatus ?? "200");
    return { response: injector.decorate(limiter?.decorate(shaped, drawn) ?? shaped), principal: gate.principal };
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    state.counters.httpRequests += 1;
    const { response, principal } = await answer(request, url);
    const status = response === "drop" ? 0 : response.status;
    state.requests.push({ method: request.method, url: url.pathname + url.search, status, ...(principal ? { principal: principal.kind } : {}) });
    if (state.requests.length > requestLogLimit) state.requests.shift();
    if (response === "drop") throw new DroppedConnection();
    return response;
  }

  return {
    handle,
    state,
    faults: injector.faults,
    credentials: mockCredentials(seed),
    reset: () => {
      ids.reset();
      auth.reset();
      seedMockState(state, seed, now());
      injector.faults.clear();
      limiter?.reset();
    },
  };
}
