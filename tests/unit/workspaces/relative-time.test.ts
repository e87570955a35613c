import { describe, expect, it } from "vitest";
import { relativeTime } from "../../../app/(console)/[account]/workspaces/relative-time";

describe("relative times in the classroom", () => {
  const now = "2026-03-01T12:00:00.000Z";
  it.each([
    ["2026-03-01T11:59:30.000Z", "just now"],
    ["2026-03-01T12:00:05.000Z", "just now"], // a clock a little ahead is not "in the future"
    ["2026-03-01T11:56:00.000Z", "4 min ago"],
    ["2026-03-01T09:00:00.000Z", "3 h ago"],
    ["2026-02-28T12:00:00.000Z", "1 day ago"],
    ["2026-02-20T12:00:00.000Z", "9 days ago"],
  ])("%s reads %s", (at, expected) => {
    expect(relativeTime(at, now)).toBe(expected);
  });
});
