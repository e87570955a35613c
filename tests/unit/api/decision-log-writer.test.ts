/**
 * The decision log's writer: batched entries are stored as Prisma reads them, filtered by caller,
 * decision and service, and a long-running endpoint keeps only the newest entries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestAccountDatabase } from "../support/test-database";
import { DecisionLogWriter, getDecision, listDecisions, summarizeChecks, wellFormedRecord, type DecisionRecord } from "../../../lib/api/decision-log";

let database: Awaited<ReturnType<typeof createTestAccountDatabase>>;

beforeAll(async () => {
  database = await createTestAccountDatabase("111111111111");
});

afterAll(async () => {
  await database?.dispose();
});

function entry(i: number, overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  const decided = summarizeChecks([], { action: "sts:GetCallerIdentity", resource: "*" });
  return { at: new Date(Date.UTC(2026, 11, 4, 12, 0, i)), requestId: `r-${i}`, caller: `arn:aws:iam::111111111111:user/u${i % 3}`, accessKeyId: null, accountId: "111111111111", service: "sts", operation: "GetCallerIdentity", status: 200, errorCode: null, sourceIp: "127.0.0.1", ...decided, ...overrides };
}

describe("decision log writer", () => {
  it("keeps the other entries of a batch when the database refuses one, and stores a lone surrogate as U+FFFD", async () => {
    const writer = new DecisionLogWriter(database.db, "w");
    writer.record(entry(1, { resource: "arn:aws:s3:::b/fine" }));
    writer.record(entry(2, { resource: "arn:aws:s3:::b/mallory/\uD800" }));
    writer.record(wellFormedRecord(entry(3, { resource: "arn:aws:s3:::b/mallory/\uD800", explanation: { ...entry(3).explanation, summary: "key \uDC00" } })));
    await writer.close();
    const stored = (await database.db.decisionLogEntry.findMany({ where: { resource: { startsWith: "arn:aws:s3:::b/" } } })).map((d) => d.resource);
    expect(stored).toContain("arn:aws:s3:::b/fine");
    expect(stored).toContain("arn:aws:s3:::b/mallory/\uFFFD");
    await database.db.decisionLogEntry.deleteMany({ where: { resource: { startsWith: "arn:aws:s3:::b/" } } });
  });

  it("stores batches, lists newest first with filters, and reads an entry's explanation back", async () => {
    const writer = new DecisionLogWriter(database.db, "w");
    for (let i = 0; i < 5; i++) writer.record(entry(i));
    writer.record(entry(5, { service: "s3", operation: "PutObject", action: "s3:PutObject", decision: "ImplicitDeny", status: 403, errorCode: "AccessDenied" }));
    await writer.close();
    const all = await listDecisions(database.db, "w");
    expect(all.map((d) => d.operation)).toEqual(["PutObject", ...Array(5).fill("GetCallerIdentity")]);
    expect(all[0].at).toBe("2026-12-04T12:00:05.000Z");
    expect(await listDecisions(database.db, "w", { decision: "ImplicitDeny" })).toHaveLength(1);
    expect(await listDecisions(database.db, "w", { service: "sts", caller: "user/u1" })).toHaveLength(2);
    expect(await listDecisions(database.db, "w", { after: all[1].id })).toHaveLength(1);
    const detail = await getDecision(database.db, "w", all[1].id);
    expect(detail?.explanation.summary).toContain("needs no permission");
    expect(await getDecision(database.db, "other", all[1].id)).toBeNull();
  });

  it("keeps only the newest entries of the workspace", async () => {
    const writer = new DecisionLogWriter(database.db, "w", undefined, 1, 10);
    for (let i = 0; i < 1000; i++) writer.record(entry(i));
    await writer.close();
    const kept = await listDecisions(database.db, "w", { take: 500 });
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept[0].at).toBe(entry(999).at.toISOString());
  });
});
