import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "../../../lib/db/transaction";
import { createTestDatabase } from "../support/test-database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.workspace.create({ data: { id: "w", name: "before" } });
});
afterAll(async () => t.dispose());

/** Another process holding SQLite's write lock for `ms`, as a second server worker or the CLI would. */
function holdWriteLock(file: string, ms: number): Promise<void> {
  const script = `const D=require(${JSON.stringify(require.resolve("better-sqlite3"))});const d=new D(${JSON.stringify(file)});d.exec("BEGIN IMMEDIATE");process.stdout.write("locked\\n");setTimeout(()=>{d.exec("COMMIT");d.close();},${ms});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.once("error", reject);
  });
}

describe("write transactions across processes", () => {
  it("a transaction that reads before it writes waits for another process's writer instead of failing", async () => {
    await holdWriteLock(t.file, 800);
    const started = Date.now();
    await inTransaction(t.db, async (tx) => {
      const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: "w" } });
      await tx.workspace.update({ where: { id: "w" }, data: { name: `${workspace.name}, after` } });
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect((await t.db.workspace.findUniqueOrThrow({ where: { id: "w" } })).name).toBe("before, after");
  });
});
