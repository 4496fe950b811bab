import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/** An msw server for one test file: unhandled requests fail the test, handlers reset after each test. */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Ids that match the spec's 24-hex pattern. */
export const ORG_ID = "5f4e3d2c1b0a998877665544";
export const TEAM_ID = "6a5b4c3d2e1f0a9b8c7d6e5f";
export const USER_ID = "7b6c5d4e3f2a1b0c9d8e7f6a";

/** A logger that keeps every event, for assertions. */
export function captureLogger(): { events: Record<string, unknown>[]; logger: { debug(e: Record<string, unknown>): void; warn(e: Record<string, unknown>): void } } {
  const events: Record<string, unknown>[] = [];
  return {
    events,
    logger: {
      debug: (e) => events.push({ level: "debug", ...e }),
      warn: (e) => events.push({ level: "warn", ...e }),
    },
  };
}
