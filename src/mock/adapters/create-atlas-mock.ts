/**
 * The mock as msw request handlers, for `setupServer(...mock.handlers)` in a user's tests.
 *
 * @module
 */
import { http, HttpResponse, type HttpHandler } from "msw";
import type { MockFaults } from "../state/create-mock-faults.js";
import { createMockCore } from "../core/create-mock-core.js";
import type { MockState } from "../state/create-mock-state.js";
import { DroppedConnection } from "../core/dropped-connection.js";
import type { MockCredentials } from "../auth/mock-credentials.js";
import type { MockOptions } from "../core/mock-options.js";

/** Options of {@link createAtlasMock}. */
export interface AtlasMockOptions extends MockOptions {
  /** The origin the handlers answer for (default `https://cloud.mongodb.com`). */
  readonly baseUrl?: string;
}

/** msw handlers plus the mock's state, faults and credentials. */
export interface AtlasMock {
  readonly handlers: HttpHandler[];
  readonly state: MockState;
  readonly faults: MockFaults;
  readonly credentials: MockCredentials;
  readonly baseUrl: string;
  /** Back to a freshly started mock: seeded state, no faults, no token or nonce issued before. */
  reset(): void;
}

/** Creates the mock as msw handlers. */
export function createAtlasMock(options: AtlasMockOptions = {}): AtlasMock {
  const baseUrl = (options.baseUrl ?? "https://cloud.mongodb.com").replace(/\/+$/, "");
  const core = createMockCore(options);
  // One catch-all handler instead of one per operation: msw's router reads `:addUser` in
  // `/teams/{teamId}:addUser` as a path parameter, and the core matches paths itself anyway.
  const handler = http.all(`${baseUrl}/api/*`, async ({ request }) => {
    try {
      return await core.handle(request);
    } catch (error) {
      if (error instanceof DroppedConnection) return HttpResponse.error();
      throw error;
    }
  });
  return { handlers: [handler], state: core.state, faults: core.faults, credentials: core.credentials, baseUrl, reset: core.reset };
}
