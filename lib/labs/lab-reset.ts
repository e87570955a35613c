/**
 * Who may reset a workspace from a lab page. The demo is shared by everyone on the console: a
 * reset there would undo everyone's work, so the lab page never offers one (the Workspaces page
 * still resets it, for those who run the classroom).
 */
import { roleAllows, type ConsoleRole } from "../auth/console-roles";
import { demoWorkspaceName } from "../workspaces/workspace-files";

/** Why `role` may not reset `workspace` from a lab page, in words; null when it may. */
export function labResetRefusal(role: ConsoleRole, workspace: string): string | null {
  if (!roleAllows(role, "edit")) return `Resetting changes the workspace, which your console role (${role}) may not do.`;
  if (workspace !== demoWorkspaceName) return null;
  const resetter = roleAllows(role, "classroom") ? " When the class is done, reset it from the Workspaces page." : "";
  return `The demo workspace is shared by everyone on this console, so a lab page does not reset it: that would reset everyone's copy. Work on a lab in a workspace of your own: your trainer makes one for you, at the lab's starting state.${resetter}`;
}
