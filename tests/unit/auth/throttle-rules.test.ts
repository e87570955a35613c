import { describe, expect, it } from "vitest";
import { lockedUntil, signInThrottle } from "../../../lib/auth/sign-in";
import { BoundedWork, WorkQueueFull } from "../../../lib/auth/bounded-work";

describe("when failures lock", () => {
  it.each([
    { name: "no failures", times: [], until: null },
    { name: "four in a window", times: [0, 1, 2, 3], until: null },
    { name: "five in a window: fifteen minutes from the fifth", times: [0, 1, 2, 3, 4], until: 19 },
    { name: "five spread over more than a window", times: [0, 4, 8, 12, 15], until: null },
    { name: "the latest run of five decides", times: [0, 1, 2, 3, 4, 20, 21, 22, 23, 24], until: 39 },
  ])("lockedUntil: $name", ({ times, until }) => {
    expect(lockedUntil(times.map((m) => m * 60_000), signInThrottle)).toBe(until === null ? null : until * 60_000);
  });
});

describe("bounded work", () => {
  it("runs at most `concurrency` at once, lets `queue` wait, refuses the rest with LimitExceeded, and frees slots on failure", async () => {
    const work = new BoundedWork({ concurrency: 2, queue: 1, busyMessage: "busy, try again shortly" });
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const task = (fail = false) => () =>
      new Promise<string>((resolve, reject) => {
        running++;
        peak = Math.max(peak, running);
        gates.push(() => {
          running--;
          if (fail) reject(new Error("task failed"));
          else resolve("done");
        });
      });
    const first = work.run(task(true));
    const second = work.run(task());
    const third = work.run(task());
    const refused = await work.run(task()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkQueueFull);
    expect(refused).toMatchObject({ code: "LimitExceeded", message: "busy, try again shortly" });
    expect([work.running, work.waiting, work.full]).toEqual([2, 1, true]);
    gates.shift()!();
    await expect(first).rejects.toThrow("task failed");
    await new Promise((resolve) => setImmediate(resolve));
    expect([work.running, work.waiting, work.full]).toEqual([2, 0, false]);
    while (gates.length) gates.shift()!();
    await expect(Promise.all([second, third])).resolves.toEqual(["done", "done"]);
    expect(peak).toBe(2);
    expect([work.running, work.waiting, work.started]).toEqual([0, 0, 3]);
  });
});
