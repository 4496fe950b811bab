import { describe, expect, it } from "vitest";
import * as mockEntry from "../../src/mock/index.js";
import * as serverEntry from "../../src/mock/server.js";

describe("atlas-admin-client/mock/server", () => {
  it("exports the server, the core, the seed and DroppedConnection, and no msw handlers", () => {
    expect(Object.keys(serverEntry).sort()).toEqual(["DroppedConnection", "atlasRateLimits", "createMockCore", "defaultMockSeed", "startMockServer"]);
  });

  it("is what atlas-admin-client/mock exports too, besides createAtlasMock", () => {
    const { createAtlasMock, ...rest } = mockEntry;
    expect(createAtlasMock).toBeTypeOf("function");
    expect(rest).toEqual({ ...serverEntry });
  });

  it("starts a mock server that answers over HTTP", async () => {
    const mock = await serverEntry.startMockServer();
    try {
      expect((await fetch(`${mock.url}/api/atlas/v2/orgs`)).status).toBe(401);
    } finally {
      await mock.close();
    }
  });
});
