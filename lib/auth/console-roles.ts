/**
 * Console roles and what each may do. Permissions are declared per action and checked in one
 * place (the action client); this table is the only source of who may do what.
 */
export const consoleRoles = ["admin", "editor", "viewer", "trainer", "trainee", "auditor"] as const;
export type ConsoleRole = (typeof consoleRoles)[number];

export const consolePermissions = {
  /** See the workspace: every page and list. */
  read: "read the workspace",
  /** Run previews, simulations and validations: they change nothing. */
  simulate: "run simulations",
  /** Change the IAM model and the sandbox (roles, policies, instances, the clock). */
  edit: "change the workspace",
  /** Import authorization-details files (an account's IAM, as AWS exports it) into the workspace. */
  import: "import account details",
  /** Manage console users, and back up or restore workspaces. */
  admin: "administer the console",
  /** Run the classroom: create, reset, rename and delete workspaces, assign trainees, see their progress. */
  classroom: "run the classroom's workspaces",
} as const;
export type ConsolePermission = keyof typeof consolePermissions;

const grants: Record<ConsoleRole, readonly ConsolePermission[]> = {
  admin: ["read", "simulate", "edit", "import", "admin", "classroom"],
  editor: ["read", "simulate", "edit", "import"],
  viewer: ["read", "simulate"],
  // Trainers work in every workspace and run the classroom, but administer neither people nor backups.
  trainer: ["read", "simulate", "edit", "import", "classroom"],
  // Trainees edit, but only in the workspaces assigned to them (checked with the workspace).
  trainee: ["read", "simulate", "edit", "import"],
  // Auditors import accounts and review them, in their assigned workspaces only, and change nothing else.
  auditor: ["read", "simulate", "import"],
};

export function roleAllows(role: ConsoleRole, permission: ConsolePermission): boolean {
  return grants[role].includes(permission);
}

/** Trainees and auditors are confined to their assigned workspaces; the other roles see every workspace. */
export function isConfinedToAssignedWorkspaces(role: ConsoleRole): boolean {
  return role === "trainee" || role === "auditor";
}

/** Whether the user may work in workspace `name`: every one, or for trainees and auditors their assigned ones. */
export function mayUseWorkspace(user: { role: ConsoleRole; workspaceIds: readonly string[] }, name: string): boolean {
  return !isConfinedToAssignedWorkspaces(user.role) || user.workspaceIds.includes(name);
}

/** The accounts a user may work in: all of them, or for trainees those of their assigned workspaces. */
export function usableAccounts<A extends { workspaceId: string }>(user: { role: ConsoleRole; workspaceIds: string[] }, accounts: A[]): A[] {
  return accounts.filter((a) => mayUseWorkspace(user, a.workspaceId));
}

/** The console roles allowed `permission`, in the table's order. */
export function rolesAllowed(permission: ConsolePermission): ConsoleRole[] {
  return consoleRoles.filter((role) => roleAllows(role, permission));
}

/**
 * A refusal in words a person can act on: which console role the page needs, and for what
 * ("You need the admin console role to administer the console"), then the role they have.
 * `need` comes from a URL: anything but a permission reads as "see this page".
 */
export function describeRefusal(need: string | undefined, role?: ConsoleRole): { title: string; detail: string } {
  const detail = `${role ? `Your console role is ${role}. ` : ""}Ask an administrator for another console role.`;
  if (!need || !Object.hasOwn(consolePermissions, need)) return { title: "Your console role may not see this page", detail };
  const permission = need as ConsolePermission;
  const roles = rolesAllowed(permission);
  const list = roles.length > 1 ? `${roles.slice(0, -1).join(", ")} or ${roles[roles.length - 1]}` : roles[0];
  return { title: `You need the ${list} console role to ${consolePermissions[permission]}`, detail };
}
