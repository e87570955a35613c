/**
 * Who-can over the workspace an account belongs to, for the console: the workspace read once into
 * the review's input and kept, with its compiled policy sets, until anything changes (every change
 * appends to the audit log, so the newest audit id says when), so a second question costs only
 * its evaluations.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { cacheOf } from "../db/per-database";
import { accountClockNow, findAccountWorkspaceId } from "../creds/workspace-clock";
import { withStoredPolicies } from "../iam/stored-policies";
import { workspaceVersion } from "../audit/workspace-version";
import { loadWorkspaceReviewInput } from "../io/workspace-review-input";
import type { ReviewContext } from "../review/review-pass-role";
import type { ReviewInput } from "../review/review-input";
import { requestActionSchema, requestContextSchema, requestResourceSchema } from "./request-schemas";
import { whoCan, whoCanContext, type WhoCanAnswer } from "./who-can";
import { suggestWhoCanQuestions, type WhoCanPreset } from "./who-can-presets";

export const whoCanQuestionSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  action: requestActionSchema,
  resource: requestResourceSchema,
  resourceAccount: z
    .string()
    .regex(/^\d{12}$/, "An account id is exactly 12 digits")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  context: requestContextSchema.default({}),
});

type Loaded = { key: string; input: ReviewInput; review: ReviewContext; presets: Map<string, WhoCanPreset[]> };

async function load(db: Db | Tx, workspaceId: string): Promise<Loaded> {
  // The workspace's version: a sign-in or another workspace's change does not read it again.
  const key = await workspaceVersion(db, workspaceId);
  // Per database: a workspace deleted and made again under its name holds other principals.
  const loaded = cacheOf<Loaded>(db, "who-can");
  const hit = loaded.get(workspaceId);
  if (hit?.key === key) return hit;
  const input = await loadWorkspaceReviewInput(db, workspaceId);
  const entry = { key, input, review: whoCanContext(input), presets: new Map() };
  // A few workspaces at most are asked about at once; the oldest gives way.
  if (!hit && loaded.size >= 4) loaded.delete(loaded.keys().next().value!);
  loaded.set(workspaceId, entry);
  return entry;
}

/** Asks every user and role of the account's workspace; the clock is the workspace's. */
export async function whoCanInWorkspace(db: Db | Tx, question: z.input<typeof whoCanQuestionSchema>, realNow: Date): Promise<WhoCanAnswer> {
  const data = whoCanQuestionSchema.parse(question);
  const workspaceId = await findAccountWorkspaceId(db, data.accountId);
  const now = await accountClockNow(db, data.accountId, realNow);
  const { input, review } = await load(db, workspaceId);
  return withStoredPolicies(() => whoCan(input, { action: data.action, resource: data.resource, resourceAccount: data.resourceAccount, context: data.context }, { now, review }));
}

/**
 * The who-can page's example questions about the account, from the same loaded workspace (its
 * compiled policies are reused by the questions that follow).
 */
export async function whoCanPresetsInWorkspace(db: Db | Tx, accountId: string): Promise<WhoCanPreset[]> {
  const workspaceId = await findAccountWorkspaceId(db, accountId);
  const { input, review, presets } = await load(db, workspaceId);
  const buckets = (input.buckets ?? []).filter((b) => b.account === accountId).map((b) => b.name);
  // The first object of each bucket, so a read question names an object that is there.
  const objects = await Promise.all(buckets.map((name) => db.s3Object.findFirst({ where: { bucketName: name }, orderBy: { key: "asc" }, select: { bucketName: true, key: true } })));
  const objectKeys = Object.fromEntries(objects.filter((o) => o !== null).map((o) => [o.bucketName, o.key]));
  // Kept with the loaded workspace: a large account's examples take a few hundred milliseconds to find.
  const asked = `${accountId}|${JSON.stringify(objectKeys)}`;
  let found = presets.get(asked);
  if (!found) presets.set(asked, (found = withStoredPolicies(() => suggestWhoCanQuestions(input, review, accountId, objectKeys))));
  return found;
}
