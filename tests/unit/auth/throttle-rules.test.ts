import { describe, expect, it } from "vitest";
import { activeLocks, clientThrottle, emailAtClientThrottle, emailThrottle, lockedUntil, locksOn, longestLock, type FailedAttempt } from "../../../lib/auth/throttle-rules";
import { BoundedWork, WorkQueueFull } from "../../../lib/auth/bounded-work";

describe("when failures lock", () => {
  it.each([
    { name: "no failures", times: [], until: null },
    { name: "four in a window", times: [0, 1, 2, 3], until: null },
    { name: "five in a window: fifteen minutes from the fifth", times: [0, 1, 2, 3, 4], until: 19 },
    { name: "five spread over more than a window", times: [0, 4, 8, 12, 15], until: null },
    { name: "the latest run of five decides", times: [0, 1, 2, 3, 4, 20, 21, 22, 23, 24], until: 39 },
  ])("lockedUntil: $name", ({ times, until }) => {
    expect(lockedUntil(times.map((m) => m * 60_000), emailAtClientThrottle)).toBe(until === null ? null : until * 60_000);
  });
});

const min = (n: number) => n * 60_000;
/** `n` failures for `key` from `client`, a second apart from minute 0. */
const failures = (n: number, key: string, client: string | null): FailedAttempt[] => Array.from({ length: n }, (_, i) => ({ key, client, at: i * 1000 }));
const loopback = "127.0.0.1";

describe("which locks refuse a sign-in", () => {
  it.each([
    { name: "five failures for ana at an address lock ana there", failures: failures(5, "ana", loopback), attempt: { key: "ana", client: loopback }, scope: "email-at-client" },
    { name: "ana's five failures at a shared address do not lock bob there", failures: failures(5, "ana", loopback), attempt: { key: "bob", client: loopback }, scope: null },
    { name: "ana's five failures at one address leave ana free at another", failures: failures(5, "ana", loopback), attempt: { key: "ana", client: "203.0.113.7" }, scope: null },
    {
      name: "twenty-five failures by five people at one address lock none of the others",
      failures: ["a", "b", "c", "d", "e"].flatMap((key) => failures(5, key, loopback)),
      attempt: { key: "bob", client: loopback },
      scope: null,
    },
    { name: "ten failures for ana from two addresses lock ana everywhere", failures: [...failures(5, "ana", "203.0.113.7"), ...failures(5, "ana", "198.51.100.1")], attempt: { key: "ana", client: "192.0.2.1" }, scope: "email" },
    {
      name: "a hundred failures from one address, twenty emails, lock the address for everyone",
      failures: Array.from({ length: 20 }, (_, i) => failures(5, `spray-${i}`, "203.0.113.7")).flat(),
      attempt: { key: "bob", client: "203.0.113.7" },
      scope: "client",
    },
    { name: "without an address, five failures lock the email (its own client)", failures: failures(5, "ana", null), attempt: { key: "ana", client: null }, scope: "email-at-client" },
    {
      name: "failures without an address never add up to an address lock",
      failures: Array.from({ length: 25 }, (_, i) => failures(5, `k-${i}`, null)).flat(),
      attempt: { key: "bob", client: null },
      scope: null,
    },
  ])("$name", ({ failures, attempt, scope }) => {
    expect(longestLock(locksOn(activeLocks(failures, min(1)), attempt))?.scope ?? null).toBe(scope);
  });

  it("end a window after the failure that started them", () => {
    const locks = activeLocks(failures(5, "ana", loopback), 0);
    expect(locks).toEqual([{ scope: "email-at-client", key: "ana", client: loopback, until: 4000 + emailAtClientThrottle.windowSeconds * 1000 }]);
    expect(activeLocks(failures(5, "ana", loopback), 4000 + emailAtClientThrottle.windowSeconds * 1000)).toEqual([]);
  });

  it("are ordered: one email at one address, then one email anywhere, then a much higher ceiling for an address", () => {
    expect(emailAtClientThrottle.maxFailures).toBeLessThan(emailThrottle.maxFailures);
    expect(clientThrottle.maxFailures).toBeGreaterThanOrEqual(10 * emailAtClientThrottle.maxFailures);
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
