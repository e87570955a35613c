/**
 * Long-term access keys of IAM users (IAM CreateAccessKey, ListAccessKeys, UpdateAccessKey,
 * DeleteAccessKey): `AKIA` key ids, at most two per user, Active or Inactive. The secret is stored
 * because SigV4 verification needs the secret itself; it leaves this module only in the value
 * `createAccessKey` returns (shown once) and in `findAccessKeySecret`, for the signature verifier.
 * Audit entries and listings never carry it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { recordAudit, type Actor } from "../audit/record-audit";
import { cryptoRandom, type RandomSource } from "./ids";
import { arns } from "./arns";
import { findUser } from "./users";

/** IAM's quota: "Access keys assigned to an IAM user: 2". */
export const maxAccessKeysPerUser = 2;

export const accessKeyStatusSchema = z.enum(["Active", "Inactive"], { error: "The status of an access key is Active or Inactive" });
export type AccessKeyStatus = z.infer<typeof accessKeyStatusSchema>;

export const longTermKeyIdPattern = /^AKIA[A-Z2-7]{16}$/;

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function pick(random: RandomSource, length: number, alphabet: string): string {
  // Both alphabets have a power-of-two size, so bytes modulo their length are unbiased.
  return Array.from(random(length), (b) => alphabet[b % alphabet.length]).join("");
}

/** What may be shown of an access key: everything but the secret. */
export type AccessKeyView = {
  UserName: string;
  AccessKeyId: string;
  Status: AccessKeyStatus;
  CreateDate: string;
  LastUsedDate: string | null;
  LastUsedService: string | null;
};

/** A new key with its secret: returned once by createAccessKey. */
export type NewAccessKey = AccessKeyView & { SecretAccessKey: string };

type KeyRow = { accessKeyId: string; status: string; createdAt: Date; lastUsedAt: Date | null; lastUsedService: string | null };

function view(row: KeyRow, userName: string): AccessKeyView {
  return {
    UserName: userName,
    AccessKeyId: row.accessKeyId,
    Status: row.status === "Inactive" ? "Inactive" : "Active",
    CreateDate: row.createdAt.toISOString(),
    LastUsedDate: row.lastUsedAt?.toISOString() ?? null,
    LastUsedService: row.lastUsedService,
  };
}

const publicSelect = { accessKeyId: true, status: true, createdAt: true, lastUsedAt: true, lastUsedService: true } as const;

/** CreateAccessKey: a new Active key for the user; `LimitExceeded` past two. */
export async function createAccessKey(db: Db | Tx, input: { accountId: string; userName: string }, actor: Actor, random: RandomSource = cryptoRandom): Promise<NewAccessKey> {
  return inTransaction(db, async (tx) => {
    const user = await findUser(tx, input.accountId, input.userName);
    const count = await tx.accessKey.count({ where: { userId: user.id } });
    if (count >= maxAccessKeysPerUser) throw new AppError("LimitExceeded", `Cannot exceed quota for AccessKeysPerUser: ${maxAccessKeysPerUser}`);
    const secretAccessKey = pick(random, 40, secretAlphabet);
    const row = await tx.accessKey.create({
      data: { accessKeyId: `AKIA${pick(random, 16, idAlphabet)}`, secretAccessKey, userId: user.id, accountId: user.accountId },
      select: publicSelect,
    });
    const shown = view(row, user.name);
    await recordAudit(tx, { actor, action: "CreateAccessKey", accountId: user.accountId, entityType: "AccessKey", entityId: row.accessKeyId, after: { ...shown, user: arns.user(user.accountId, user.path, user.name) } });
    return { ...shown, SecretAccessKey: secretAccessKey };
  });
}

/** ListAccessKeys: the user's keys, oldest first, without secrets. */
export async function listAccessKeys(db: Db | Tx, input: { accountId: string; userName: string }): Promise<AccessKeyView[]> {
  const user = await findUser(db, input.accountId, input.userName);
  const rows = await db.accessKey.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { accessKeyId: "asc" }], select: publicSelect });
  return rows.map((r) => view(r, user.name));
}

async function requireKey(db: Db | Tx, input: { accountId: string; userName: string; accessKeyId: string }) {
  const user = await findUser(db, input.accountId, input.userName);
  const key = await db.accessKey.findFirst({ where: { accessKeyId: input.accessKeyId, userId: user.id }, select: publicSelect });
  if (!key) throw new AppError("NoSuchEntity", `The Access Key with id ${input.accessKeyId} cannot be found.`);
  return { user, key };
}

/** UpdateAccessKey: Active or Inactive (an inactive key's requests are refused as an invalid key). */
export async function updateAccessKey(db: Db | Tx, input: { accountId: string; userName: string; accessKeyId: string; status: string }, actor: Actor): Promise<AccessKeyView> {
  const status = accessKeyStatusSchema.parse(input.status);
  return inTransaction(db, async (tx) => {
    const { user, key } = await requireKey(tx, input);
    const updated = await tx.accessKey.update({ where: { accessKeyId: key.accessKeyId }, data: { status }, select: publicSelect });
    await recordAudit(tx, { actor, action: "UpdateAccessKey", accountId: user.accountId, entityType: "AccessKey", entityId: key.accessKeyId, before: view(key, user.name), after: view(updated, user.name) });
    return view(updated, user.name);
  });
}

/** DeleteAccessKey: the key stops working at once. */
export async function deleteAccessKey(db: Db | Tx, input: { accountId: string; userName: string; accessKeyId: string }, actor: Actor): Promise<void> {
  await inTransaction(db, async (tx) => {
    const { user, key } = await requireKey(tx, input);
    await tx.accessKey.delete({ where: { accessKeyId: key.accessKeyId } });
    await recordAudit(tx, { actor, action: "DeleteAccessKey", accountId: user.accountId, entityType: "AccessKey", entityId: key.accessKeyId, before: view(key, user.name) });
  });
}

/** A key with its secret and its user's ARN, for signature verification only; null when unknown. */
export async function findAccessKeySecret(db: Db | Tx, accessKeyId: string) {
  const row = await db.accessKey.findUnique({ where: { accessKeyId }, include: { user: { select: { id: true, name: true, path: true, accountId: true } } } });
  if (!row) return null;
  return { accessKeyId: row.accessKeyId, secretAccessKey: row.secretAccessKey, status: row.status, accountId: row.accountId, userArn: arns.user(row.user.accountId, row.user.path, row.user.name), userName: row.user.name, userId: row.user.id };
}

/** Records a key's last use (service and region), as IAM's GetAccessKeyLastUsed reports it. */
export async function recordAccessKeyUse(db: Db | Tx, input: { accessKeyId: string; at: Date; service: string; region: string }): Promise<void> {
  await db.accessKey.updateMany({ where: { accessKeyId: input.accessKeyId }, data: { lastUsedAt: input.at, lastUsedService: input.service, lastUsedRegion: input.region } });
}
