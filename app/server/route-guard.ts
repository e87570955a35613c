import "server-only";
import { NextResponse } from "next/server";
import { roleAllows, type ConsolePermission } from "@/lib/auth/console-roles";
import type { SessionUser } from "@/lib/auth/console-sessions";
import { isAppError } from "@/lib/errors";
import { currentUser, describePermission } from "./session";
import { canUseAccount, mayUseCurrentWorkspace } from "./account-access";
import { currentWorkspaceName } from "./workspace-db";

type Handler<Params> = (request: Request, context: { params: Promise<Params>; user: SessionUser }) => Promise<Response>;

/**
 * Wraps a route handler: 401 without a session, 403 without the permission or (for trainees) the
 * account's workspace; an `AppError` becomes its status and code; anything else a generic 500.
 */
export function withUser<Params extends Record<string, string>>(permission: ConsolePermission, handler: Handler<Params>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const user = await currentUser();
    if (!user) return NextResponse.json({ code: "Unauthenticated", message: "Sign in to use the console." }, { status: 401 });
    if (!roleAllows(user.role, permission)) {
      return NextResponse.json({ code: "AccessDenied", message: `Your console role (${user.role}) may not ${describePermission(permission)}.` }, { status: 403 });
    }
    // Routes without dynamic segments get no params at all.
    const params: Partial<Params> = (await context.params) ?? {};
    try {
      if (!(await mayUseCurrentWorkspace(user))) {
        return NextResponse.json({ code: "AccessDenied", message: `The workspace ${await currentWorkspaceName()} is not assigned to you.` }, { status: 403 });
      }
      if (params.account && !(await canUseAccount(user, params.account))) {
        return NextResponse.json({ code: "AccessDenied", message: `Account ${params.account} is not in a workspace assigned to you.` }, { status: 403 });
      }
      return await handler(request, { params: context.params, user });
    } catch (error) {
      if (isAppError(error)) return NextResponse.json({ code: error.code, message: error.message, details: error.details }, { status: error.status });
      console.error(`route ${new URL(request.url).pathname} failed`, error);
      return NextResponse.json({ code: "InternalError", message: "Something went wrong on our side." }, { status: 500 });
    }
  };
}
