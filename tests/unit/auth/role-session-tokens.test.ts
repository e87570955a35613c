import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { currentComputeCredentials, findSessionSecrets, hashStoredSessionTokens, issueRoleSession, sessionTokenMatches } from "../../../lib/creds/role-sessions";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
});
afterAll(async () => t.dispose());

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const role = () => t.db.role.findFirstOrThrow({ where: { name: "Get-pics" } });

describe("role session tokens", () => {
  it("of AssumeRole sessions are stored only as a SHA-256: the caller got the token once, and it still verifies", async () => {
    const issued = await issueRoleSession(t.db, { role: await role(), sessionName: "hashed", source: "assume-role", sourceId: null, issuedAt: new Date(), durationSeconds: 3600 }, "test");
    const row = await t.db.roleSession.findUniqueOrThrow({ where: { accessKeyId: issued.accessKeyId } });
    expect(row.sessionToken).toBeNull();
    expect(row.sessionTokenHash).toBe(sha256(issued.sessionToken));
    const stored = await findSessionSecrets(t.db, issued.accessKeyId);
    expect(sessionTokenMatches(stored!, issued.sessionToken)).toBe(true);
    expect(sessionTokenMatches(stored!, `${issued.sessionToken}x`)).toBe(false);
    expect(sessionTokenMatches(stored!, undefined)).toBe(false);
  });

  it("of instance credentials are kept too, because the IMDS serves the same set again until it rotates", async () => {
    const now = new Date("2026-04-01T00:00:00Z");
    const input = { role: await role(), source: "instance" as const, sourceId: "i-0000000000000hash", now };
    const first = await currentComputeCredentials(t.db, input);
    const again = await currentComputeCredentials(t.db, { ...input, now: new Date(now.getTime() + 60_000) });
    expect(again).toMatchObject({ accessKeyId: first.accessKeyId, sessionToken: first.sessionToken });
    expect(await t.db.roleSession.findUniqueOrThrow({ where: { accessKeyId: first.accessKeyId } })).toMatchObject({ sessionToken: first.sessionToken, sessionTokenHash: sha256(first.sessionToken) });
  });

  it("issued before hashing are hashed by setup, and AssumeRole ones lose their plaintext", async () => {
    const { accountId } = await role();
    const legacy = { secretAccessKey: "s".repeat(40), accountId, roleArn: `arn:aws:iam::${accountId}:role/Get-pics`, sessionName: "old", assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/Get-pics/old`, issuedAt: new Date(), expiresAt: new Date(Date.now() + 3600_000) };
    await t.db.roleSession.create({ data: { ...legacy, accessKeyId: "ASIALEGACYASSUMEROLE", sessionToken: "legacy-assume-token", source: "assume-role" } });
    await t.db.roleSession.create({ data: { ...legacy, accessKeyId: "ASIALEGACYINSTANCE00", sessionToken: "legacy-instance-token", source: "instance", sourceId: "i-legacy" } });
    expect(await hashStoredSessionTokens(t.db)).toBe(2);
    expect(await t.db.roleSession.findUniqueOrThrow({ where: { accessKeyId: "ASIALEGACYASSUMEROLE" } })).toMatchObject({ sessionToken: null, sessionTokenHash: sha256("legacy-assume-token") });
    expect(await t.db.roleSession.findUniqueOrThrow({ where: { accessKeyId: "ASIALEGACYINSTANCE00" } })).toMatchObject({ sessionToken: "legacy-instance-token", sessionTokenHash: sha256("legacy-instance-token") });
    expect(sessionTokenMatches((await findSessionSecrets(t.db, "ASIALEGACYASSUMEROLE"))!, "legacy-assume-token")).toBe(true);
    expect(await hashStoredSessionTokens(t.db)).toBe(0);
  });
});
