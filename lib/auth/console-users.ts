import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { consoleRoles, type ConsoleRole } from "./console-roles";
import { hashPassword, hasNonSpace, minimumPasswordLength } from "./passwords";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter an email address such as ana@example.com").max(254));
export const passwordSchema = z
  .string()
  .min(minimumPasswordLength, `A password needs at least ${minimumPasswordLength} characters`)
  .max(1024, "A password has at most 1024 characters")
  .refine(hasNonSpace, "A password cannot be only spaces");

export const addConsoleUserSchema = z.object({
  email: emailSchema,
  role: z.enum(consoleRoles, { error: `The console role is one of ${consoleRoles.join(", ")}` }),
  password: passwordSchema,
  workspaceIds: z.array(z.string()).default([]),
});

export type ConsoleUserView = { id: string; email: string; role: ConsoleRole; createdAt: string; workspaceIds: string[] };

/** Adds a console user; an email already present is refused with `EntityAlreadyExists`. */
export async function addConsoleUser(db: Db | Tx, input: z.input<typeof addConsoleUserSchema>, actor: Actor): Promise<ConsoleUserView> {
  const data = addConsoleUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return inTransaction(db, async (tx) => {
    if (await tx.consoleUser.findUnique({ where: { email: data.email } })) {
      throw new AppError("EntityAlreadyExists", `A console user with email ${data.email} already exists.`);
    }
    const known = new Set((await tx.classroomWorkspace.findMany({ where: { name: { in: data.workspaceIds } }, select: { name: true } })).map((w) => w.name));
    const unknown = data.workspaceIds.filter((name) => !known.has(name));
    if (unknown.length) throw new AppError("NoSuchEntity", `There is no workspace named ${unknown.join(", ")} (see roleplay workspace list); nobody was added.`);
    const user = await tx.consoleUser.create({
      data: { id: randomUUID(), email: data.email, role: data.role, passwordHash, workspaces: { create: data.workspaceIds.map((workspaceName) => ({ workspaceName })) } },
    });
    await recordAudit(tx, { actor, action: "AddConsoleUser", entityType: "ConsoleUser", entityId: user.id, after: { email: data.email, role: data.role, workspaceIds: data.workspaceIds } });
    return { id: user.id, email: user.email, role: data.role, createdAt: user.createdAt.toISOString(), workspaceIds: data.workspaceIds };
  });
}

export async function listConsoleUsers(db: Db | Tx): Promise<ConsoleUserView[]> {
  const users = await db.consoleUser.findMany({ orderBy: { email: "asc" }, include: { workspaces: true } });
  return users.map((u) => ({ id: u.id, email: u.email, role: u.role as ConsoleRole, createdAt: u.createdAt.toISOString(), workspaceIds: u.workspaces.map((w) => w.workspaceName) }));
}

/** Removes a console user and signs them out everywhere. The last administrator stays. */
export async function removeConsoleUser(db: Db | Tx, email: string, actor: Actor): Promise<void> {
  const key = emailSchema.parse(email);
  await inTransaction(db, async (tx) => {
    const user = await tx.consoleUser.findUnique({ where: { email: key } });
    if (!user) throw new AppError("NoSuchEntity", `No console user has email ${key}.`);
    if (user.role === "admin" && (await tx.consoleUser.count({ where: { role: "admin" } })) === 1) {
      throw new AppError("DeleteConflict", `${key} is the last administrator; add another administrator first.`);
    }
    await tx.consoleUser.delete({ where: { id: user.id } });
    await recordAudit(tx, { actor, action: "RemoveConsoleUser", entityType: "ConsoleUser", entityId: user.id, before: { email: user.email, role: user.role } });
  });
}

export async function changeConsoleRole(db: Db | Tx, input: { email: string; role: ConsoleRole }, actor: Actor): Promise<void> {
  const key = emailSchema.parse(input.email);
  await inTransaction(db, async (tx) => {
    const user = await tx.consoleUser.findUnique({ where: { email: key } });
    if (!user) throw new AppError("NoSuchEntity", `No console user has email ${key}.`);
    if (user.role === "admin" && input.role !== "admin" && (await tx.consoleUser.count({ where: { role: "admin" } })) === 1) {
      throw new AppError("DeleteConflict", `${key} is the last administrator; add another administrator first.`);
    }
    await tx.consoleUser.update({ where: { id: user.id }, data: { role: input.role } });
    await tx.consoleSession.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, { actor, action: "ChangeConsoleRole", entityType: "ConsoleUser", entityId: user.id, before: { role: user.role }, after: { role: input.role } });
  });
}
