"use client";

import { createContext, useContext } from "react";
import { roleAllows, type ConsolePermission, type ConsoleRole } from "@/lib/auth/console-roles";

const ConsoleRoleContext = createContext<ConsoleRole>("viewer");

/** Makes the signed-in user's console role known to client components (for showing controls only: the server decides). */
export function ConsoleRoleProvider({ role, children }: { role: ConsoleRole; children: React.ReactNode }) {
  return <ConsoleRoleContext.Provider value={role}>{children}</ConsoleRoleContext.Provider>;
}

/**
 * Shows its children only to users whose console role allows `permission`; others see a short
 * note instead (or nothing), so viewers are not offered buttons that would be refused.
 */
export function IfAllowed({ permission, children, note }: { permission: ConsolePermission; children: React.ReactNode; note?: string }) {
  const role = useContext(ConsoleRoleContext);
  if (roleAllows(role, permission)) return <>{children}</>;
  return note ? <p className="rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-600">{note} (your console role is {role}).</p> : null;
}
