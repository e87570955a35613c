import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/prisma";
import { currentWorkspaceName, getWorkspaceDb } from "./workspace-db";
import type { Db } from "@/lib/db/create-client";
import { isAppError } from "@/lib/errors";
import { roleAllows, type ConsolePermission } from "@/lib/auth/console-roles";
import type { SessionUser } from "@/lib/auth/console-sessions";
import { currentUser, describePermission } from "./session";
import { requireAccountsIn, requireCurrentWorkspace } from "./account-access";

export type ActionError = { code: string; message: string; details?: Record<string, unknown>; fieldErrors?: Record<string, string[]> };
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
export type ActionContext = { db: Db; user: SessionUser; /** what the audit log records as the author */ actor: string; /** the request's workspace (its URL's) */ workspace: string };

type ActionDefinition<Schema extends z.ZodType, Result> = {
  /** A stable name: the audit log and the permission tests use it. */
  name: string;
  /** What the caller's console role must allow; checked before anything else. */
  permission: ConsolePermission;
  /**
   * Where the handler works: the request's workspace (its URL's, the default), or the console's
   * own database (people, the workspace directory) for actions that are about no workspace.
   */
  scope?: "workspace" | "console";
  input: Schema;
  handler: (input: z.output<Schema>, context: ActionContext) => Promise<Result>;
};

/** The permission each action declares, by name: the permission tests read it. */
export const declaredActions = new Map<string, ConsolePermission | "public">();

function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}

/**
 * The one action client: every server action is `defineAction({...})`. It checks the session and
 * the declared permission, validates the input with zod, confines trainees to their workspaces
 * (every account the input names, at any depth or inside an ARN),
 * runs the handler, and turns failures into results: an `AppError` keeps its code and message;
 * anything else is logged and reported as a generic failure.
 */
export function defineAction<Schema extends z.ZodType, Result>(definition: ActionDefinition<Schema, Result>) {
  declaredActions.set(definition.name, definition.permission);
  return async function action(input: z.input<Schema>): Promise<ActionResult<Result>> {
    const user = await currentUser();
    if (!user) return { ok: false, error: { code: "Unauthenticated", message: "Your session has ended. Sign in again to continue." } };
    if (!roleAllows(user.role, definition.permission)) {
      return { ok: false, error: { code: "AccessDenied", message: `Your console role (${user.role}) may not ${describePermission(definition.permission)}.` } };
    }
    try {
      // The workspace before the input: someone else's workspace learns nothing, not even which
      // inputs its doors would take.
      if (definition.scope !== "console") await requireCurrentWorkspace(user);
      const parsed = definition.input.safeParse(input);
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error);
        const first = parsed.error.issues[0];
        return { ok: false, error: { code: "InvalidInput", message: `${first.path.length ? `${first.path.join(".")}: ` : ""}${first.message}`, fieldErrors: errors } };
      }
      // Every account the input names (nested accountId fields, ARNs of principals, roles,
      // policies, resources) must be the caller's, before the handler reads anything.
      await requireAccountsIn(user, parsed.data);
      const db = definition.scope === "console" ? await getDb() : await getWorkspaceDb();
      const data = await definition.handler(parsed.data, { db, user, actor: user.email, workspace: await currentWorkspaceName() });
      return { ok: true, data };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
      if (error instanceof z.ZodError) return { ok: false, error: { code: "InvalidInput", message: error.issues[0].message, fieldErrors: fieldErrors(error) } };
      console.error(`action ${definition.name} failed`, error);
      return { ok: false, error: { code: "InternalError", message: "Something went wrong on our side; nothing was saved. Try again." } };
    }
  };
}

/**
 * An action anyone may call, signed in or not: only signing in is one. It still validates its
 * input and maps failures the same way.
 */
export function definePublicAction<Schema extends z.ZodType, Result>(definition: Omit<ActionDefinition<Schema, Result>, "permission" | "handler"> & { handler: (input: z.output<Schema>, context: { db: Db }) => Promise<Result> }) {
  declaredActions.set(definition.name, "public");
  return async function action(input: z.input<Schema>): Promise<ActionResult<Result>> {
    const parsed = definition.input.safeParse(input);
    if (!parsed.success) return { ok: false, error: { code: "InvalidInput", message: parsed.error.issues[0].message, fieldErrors: fieldErrors(parsed.error) } };
    try {
      return { ok: true, data: await definition.handler(parsed.data, { db: await getDb() }) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message, details: error.details } };
      console.error(`action ${definition.name} failed`, error);
      return { ok: false, error: { code: "InternalError", message: "Something went wrong on our side. Try again." } };
    }
  };
}
