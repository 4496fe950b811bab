import { describe, expect, it } from "vitest";
import { untilAborted } from "../../src/util/until-aborted.js";

describe("untilAborted", () => {
  it("settles as the promise does while the signal stays quiet", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error("broke")), signal)).rejects.toThrow("broke");
  });

  it("rejects with the signal's reason when it aborts first, and at once when it already has", async () => {
    const controller = new AbortController();
    const never = new Promise<never>(() => undefined);
    const waiting = untilAborted(never, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    await expect(untilAborted(never, controller.signal)).rejects.toThrow("stop");
  });
});
