"use server";

import { z } from "zod";
import { defineAction } from "@/app/server/action-client";
import { readEnv } from "@/lib/env";
import { emailSchema } from "@/lib/auth/console-users";
import { assignTrainees, labPreparation } from "@/lib/workspaces/classroom";
import { workspaceNameSchema } from "@/lib/workspaces/workspace-files";
import { createWorkspace, deleteWorkspace, renameWorkspace, resetWorkspace, type WorkspaceSource } from "@/lib/workspaces/workspace-store";

// The classroom's workspace actions: about the console's directory, not the page's workspace.

const sourceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("demo") }),
  z.object({ kind: z.literal("empty") }),
  z.object({ kind: z.literal("workspace"), name: workspaceNameSchema }),
  z.object({ kind: z.literal("lab"), lab: z.string().trim().min(1, "Pick a lab") }),
]);

export const createWorkspaceAction = defineAction({
  name: "createWorkspace",
  permission: "classroom",
  scope: "console",
  input: z.object({ name: workspaceNameSchema, source: sourceSchema }),
  handler: async ({ name, source }, { db, actor }) => {
    const lab = source.kind === "lab" ? labPreparation(source.lab) : undefined;
    const from: WorkspaceSource = source.kind === "lab" ? { kind: "demo" } : source;
    return createWorkspace(db, readEnv().databasePath, { name, source: from, lab: lab?.lab.id, prepare: lab?.prepare, actor });
  },
});

export const resetWorkspaceAction = defineAction({
  name: "resetWorkspace",
  permission: "classroom",
  scope: "console",
  input: z.object({ name: workspaceNameSchema }),
  handler: ({ name }, { db, actor }) => resetWorkspace(db, readEnv().databasePath, name, actor),
});

export const renameWorkspaceAction = defineAction({
  name: "renameWorkspace",
  permission: "classroom",
  scope: "console",
  input: z.object({ name: workspaceNameSchema, newName: workspaceNameSchema }),
  handler: ({ name, newName }, { db, actor }) => renameWorkspace(db, readEnv().databasePath, name, newName, actor),
});

export const deleteWorkspaceAction = defineAction({
  name: "deleteWorkspace",
  permission: "classroom",
  scope: "console",
  input: z.object({ name: workspaceNameSchema }),
  handler: ({ name }, { db, actor }) => deleteWorkspace(db, readEnv().databasePath, name, actor),
});

export const assignWorkspaceMembersAction = defineAction({
  name: "assignWorkspaceMembers",
  permission: "classroom",
  scope: "console",
  input: z.object({ name: workspaceNameSchema, emails: z.array(emailSchema).min(1, "Pick at least one trainee").max(500, "Assign at most 500 people at once"), remove: z.boolean().default(false) }),
  handler: async ({ name, emails, remove }, { db, actor }) => {
    const members = await assignTrainees(db, name, emails, { remove, actor });
    return { members };
  },
});
