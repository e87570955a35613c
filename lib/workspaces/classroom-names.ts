import { z } from "zod";

/**
 * How a class's workspaces are named: `<class>-<trainee's email local part>`. Pure, so that the
 * class form can show the names before anything is made.
 */

export const classNameSchema = z
  .string()
  .trim()
  .min(1, "A class name is 1–40 characters")
  .max(40, "A class name is 1–40 characters")
  .regex(/^[A-Za-z0-9._-]+$/, "A class name uses only letters, digits, '.', '_' and '-'");

/** The longest a workspace name may be (workspace-files.ts). */
const maxWorkspaceName = 64;

/** An email's local part as a workspace name piece: lower case, runs of other characters become one '-'. */
function sanitizedLocalPart(email: string): string {
  const local = email.trim().toLowerCase().split("@")[0] ?? "";
  const cleaned = local.replace(/[^a-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "");
  return cleaned || "trainee";
}

/**
 * The workspace of each trainee of class `className`: `<class>-<email local part>`. Two trainees
 * whose local parts read the same (ana@a.com, ana@b.com) get `-2`, `-3`… in the order given.
 */
export function classWorkspaceNames(className: string, emails: readonly string[]): { email: string; workspace: string }[] {
  const taken = new Set<string>();
  return emails.map((email) => {
    const room = maxWorkspaceName - className.length - 1;
    const base = `${className}-${sanitizedLocalPart(email).slice(0, room)}`;
    let workspace = base;
    for (let n = 2; taken.has(workspace.toLowerCase()); n++) workspace = `${base.slice(0, maxWorkspaceName - String(n).length - 1)}-${n}`;
    taken.add(workspace.toLowerCase());
    return { email: email.trim().toLowerCase(), workspace };
  });
}
