/** A lab page offers "Reset my workspace" only where the reset is the reader's own: never on the shared demo, whoever asks. */
import { describe, expect, it } from "vitest";
import { labResetRefusal } from "../../../lib/labs/lab-reset";

describe("resetting from a lab page", () => {
  it.each([
    ["admin", "demo", /shared by everyone.*reset everyone's copy.*Workspaces page/],
    ["trainer", "demo", /shared by everyone.*Workspaces page/],
    ["trainee", "demo", /shared by everyone/],
    ["editor", "demo", /shared by everyone/],
    ["viewer", "iam-101-ana", /console role \(viewer\) may not/],
  ] as const)("%s in %s is refused", (role, workspace, why) => {
    expect(labResetRefusal(role, workspace)).toMatch(why);
  });

  it.each([["admin"], ["trainer"], ["trainee"], ["editor"]] as const)("%s may reset a workspace of their own", (role) => {
    expect(labResetRefusal(role, "iam-101-ana")).toBeNull();
  });

  it("says where the demo is reset only to those who may reset it there", () => {
    expect(labResetRefusal("trainee", "demo")).not.toMatch(/Workspaces page/);
  });
});
