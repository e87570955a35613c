import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/test-database";
import { demoWorkspaceId, seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { clockNow, advanceWorkspaceClock, pauseWorkspaceClock, readWorkspaceClock, resumeWorkspaceClock } from "../../../lib/creds/workspace-clock";
import { generateTemporaryKeys, accessKeyIdPattern } from "../../../lib/creds/temporary-keys";
import { awsTimestamp, credentialTimeline, isServable, setSchedule } from "../../../lib/creds/rotation";
import { issueRoleSession, currentComputeCredentials, listActiveSessions, revokeRoleSession } from "../../../lib/creds/role-sessions";
import { loadWorkloadCredentials } from "../../../lib/creds/credential-state";
import { evaluateServiceTrust } from "../../../lib/creds/service-trust";
import { seededRandom } from "../../../lib/iam/ids";
import { taskRoleCredentials } from "../../../lib/creds/task-credentials";
import type { Db } from "../../../lib/db/create-client";

describe("workspace clock (pure)", () => {
  const real = new Date("2026-01-01T10:00:00.750Z");
  it("runs in real time shifted by the offset, to the second", () => {
    expect(clockNow({ clockOffsetSeconds: 3600, clockPausedAt: null }, real).toISOString()).toBe("2026-01-01T11:00:00.000Z");
  });
  it("stands still while paused", () => {
    const paused = new Date("2026-01-01T09:00:00Z");
    expect(clockNow({ clockOffsetSeconds: 60, clockPausedAt: paused }, real).toISOString()).toBe("2026-01-01T09:01:00.000Z");
  });
});

describe("temporary keys", () => {
  it("have AWS's shapes: ASIA + 16 upper-case, 40-character secret, whitespace-free token", () => {
    for (let i = 0; i < 50; i++) {
      const keys = generateTemporaryKeys();
      expect(keys.accessKeyId).toMatch(accessKeyIdPattern);
      expect(keys.accessKeyId).toHaveLength(20);
      expect(keys.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
      expect(keys.sessionToken).toMatch(/^\S{300,}$/);
    }
  });
  it("are deterministic under a seeded random source", () => {
    expect(generateTemporaryKeys(seededRandom(1))).toEqual(generateTemporaryKeys(seededRandom(1)));
  });
});

describe("rotation rule", () => {
  const issuedAt = new Date("2026-01-01T00:00:00Z");
  const { expiresAt, rotatesAt } = setSchedule(issuedAt);
  it("6-hour sets, rotated when less than 60 minutes remain", () => {
    expect(expiresAt.toISOString()).toBe("2026-01-01T06:00:00.000Z");
    expect(rotatesAt.toISOString()).toBe("2026-01-01T05:00:00.000Z");
    expect(isServable({ issuedAt, expiresAt }, new Date("2026-01-01T05:00:00Z"))).toBe(true);
    expect(isServable({ issuedAt, expiresAt }, new Date("2026-01-01T05:00:01Z"))).toBe(false);
  });
  it("timeline: issued sets with their state, then projected ones at each rotation point", () => {
    const timeline = credentialTimeline([{ accessKeyId: "ASIAONE", issuedAt, expiresAt, revokedAt: null }], new Date("2026-01-01T02:00:00Z"));
    expect(timeline.map((t) => [t.kind, t.state, t.issuedAt])).toEqual([
      ["issued", "served", "2026-01-01T00:00:00.000Z"],
      ["projected", "upcoming", "2026-01-01T05:00:00.000Z"],
      ["projected", "upcoming", "2026-01-01T10:00:00.000Z"],
    ]);
  });
  it("formats timestamps to the second", () => {
    expect(awsTimestamp(new Date("2026-01-01T00:00:00.123Z"))).toBe("2026-01-01T00:00:00Z");
  });
});

describe("credential services on a seeded workspace", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    await seedDemoWorkspace(db);
  }, 60_000);
  afterAll(async () => database?.dispose());

  it("pause, +1 h and resume move the clock and are audited", async () => {
    const real = new Date("2026-03-01T12:00:00Z");
    await pauseWorkspaceClock(db, demoWorkspaceId, "trainer@example.com", real);
    const later = new Date("2026-03-01T12:30:00Z");
    expect((await readWorkspaceClock(db, demoWorkspaceId, later)).now).toBe("2026-03-01T12:00:00.000Z");
    const advanced = await advanceWorkspaceClock(db, demoWorkspaceId, 3600, "trainer@example.com", later);
    expect(advanced).toMatchObject({ now: "2026-03-01T13:00:00.000Z", paused: true });
    const resumed = await resumeWorkspaceClock(db, demoWorkspaceId, "trainer@example.com", later);
    expect(resumed).toMatchObject({ now: "2026-03-01T13:00:00.000Z", paused: false });
    expect((await readWorkspaceClock(db, demoWorkspaceId, new Date("2026-03-01T12:40:00Z"))).now).toBe("2026-03-01T13:10:00.000Z");
    const audit = await db.auditEntry.findMany({ where: { entityType: "WorkspaceClock" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["PauseClock", "AdvanceClock", "ResumeClock"]);
    expect(audit.every((a) => a.actor === "trainer@example.com" && a.before && a.after)).toBe(true);
    await expect(advanceWorkspaceClock(db, demoWorkspaceId, -60, "t", later)).rejects.toMatchObject({ code: "InvalidInput" });
  });

  it("issues ECS task credentials only when the task role trusts ecs-tasks.amazonaws.com", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "photos-thumbnailer-task" } });
    const now = new Date("2026-03-01T00:00:00Z");
    expect(evaluateServiceTrust(role, "ecs-tasks.amazonaws.com", now).allowed).toBe(true);
    expect(evaluateServiceTrust(role, "ec2.amazonaws.com", now).allowed).toBe(false);
    const task = await db.ecsTask.findFirstOrThrow();
    const set = await currentComputeCredentials(db, { role, source: "ecs-task", sourceId: task.id, now });
    expect(set.assumedRoleArn).toBe(`arn:aws:sts::111111111111:assumed-role/photos-thumbnailer-task/${task.id}`);
  });

  it("task credentials: only for a running task whose role trusts ECS tasks", async () => {
    const task = await db.ecsTask.findFirstOrThrow();
    const first = await taskRoleCredentials(db, task.id, new Date());
    expect(first).toMatchObject({ ok: true, session: { source: "ecs-task", sourceId: task.id } });
    await db.role.updateMany({ where: { name: "photos-thumbnailer-task" }, data: { trustPolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }) } });
    expect(await taskRoleCredentials(db, task.id, new Date())).toMatchObject({ ok: false, reason: "AssumeRoleUnauthorizedAccess" });
    await db.ecsTask.update({ where: { id: task.id }, data: { lastStatus: "STOPPED" } });
    expect(await taskRoleCredentials(db, task.id, new Date())).toMatchObject({ ok: false, reason: "TaskNotRunning" });
    expect(await taskRoleCredentials(db, "nope", new Date())).toMatchObject({ ok: false, reason: "NoSuchTask" });
  });

  it("never lets the secret or token reach an error message, even when the database echoes its query", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const keys = generateTemporaryKeys(seededRandom(77));
    const error = await issueRoleSession(db, { role, sessionName: "s", source: "instance", sourceId: "i-x", issuedAt: new Date(), durationSeconds: Number.NaN }, "test", seededRandom(77)).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(`${(error as Error).message}${(error as Error).stack}`).not.toContain(keys.secretAccessKey);
    expect(`${(error as Error).message}${(error as Error).stack}`).not.toContain(keys.sessionToken);
  });

  it("concurrent requests for a source share one set", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const now = new Date("2026-04-01T00:00:00Z");
    const sets = await Promise.all(Array.from({ length: 10 }, () => currentComputeCredentials(db, { role, source: "instance", sourceId: "i-0000000000000000a", now })));
    expect(new Set(sets.map((s) => s.accessKeyId)).size).toBe(1);
  });

  it("lists active sessions without secrets, and revocation removes one", async () => {
    const now = new Date("2026-04-01T01:00:00Z");
    const active = await listActiveSessions(db, "111111111111", now);
    expect(active.length).toBeGreaterThan(0);
    for (const s of active) {
      expect(s).not.toHaveProperty("secretAccessKey");
      expect(s).not.toHaveProperty("sessionToken");
      expect(s.assumedRoleArn).toMatch(/^arn:aws:sts::111111111111:assumed-role\//);
    }
    const revoked = await revokeRoleSession(db, active[0].accessKeyId, "trainer@example.com", now);
    expect(revoked.revokedAt).toBe(now.toISOString());
    expect((await listActiveSessions(db, "111111111111", now)).map((s) => s.accessKeyId)).not.toContain(active[0].accessKeyId);
    await expect(revokeRoleSession(db, "ASIANOPE", "t", now)).rejects.toMatchObject({ code: "NoSuchEntity" });
  });

  it("builds an instance's timeline from its issued sets", async () => {
    const role = await db.role.findFirstOrThrow({ where: { name: "Get-pics" } });
    const { timeline } = (await loadWorkloadCredentials(db, "instance", "ec2.amazonaws.com", [{ id: "i-0000000000000000a", role }], new Date("2026-04-01T02:00:00Z"))).get("i-0000000000000000a")!;
    expect(timeline[0]).toMatchObject({ kind: "issued" });
    // The set served here was revoked above: nothing is served, so nothing is projected either.
    expect(timeline.some((t) => t.state === "served")).toBe(false);
    expect(timeline.filter((t) => t.kind === "projected")).toHaveLength(0);
  });
});
