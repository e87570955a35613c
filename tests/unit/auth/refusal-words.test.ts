// The refusal a console role gets, in words: the role the page needs and what for, never a raw code.
import { describe, expect, it } from "vitest";
import { describeRefusal, rolesAllowed } from "../../../lib/auth/console-roles";

describe("a refusal in words", () => {
  it.each([
    ["admin", "viewer", "You need the admin console role to administer the console", "Your console role is viewer. Ask an administrator for another console role."],
    ["classroom", "editor", "You need the admin or trainer console role to run the classroom's workspaces", "Your console role is editor. Ask an administrator for another console role."],
    ["edit", "viewer", "You need the admin, editor, trainer or trainee console role to change the workspace", "Your console role is viewer. Ask an administrator for another console role."],
    [undefined, undefined, "Your console role may not see this page", "Ask an administrator for another console role."],
    ["toString", "viewer", "Your console role may not see this page", "Your console role is viewer. Ask an administrator for another console role."],
  ] as const)("need=%s as %s: %s", (need, role, title, detail) => {
    expect(describeRefusal(need, role)).toEqual({ title, detail });
  });

  it("names only roles that have the permission", () => {
    expect(rolesAllowed("admin")).toEqual(["admin"]);
    expect(rolesAllowed("import")).toEqual(["admin", "editor", "trainer", "trainee", "auditor"]);
  });
});
