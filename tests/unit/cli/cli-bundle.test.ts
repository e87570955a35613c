// The bundled CLI (scripts/build-cli.mjs): built once, reused while its sources are unchanged,
// rebuilt when one changes, and run from a place where lib/ still finds itself.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildCli, freshCliEntry } from "../../../scripts/build-cli.mjs";

const root = join(import.meta.dirname, "..", "..", "..");
const project = mkdtempSync(join(tmpdir(), "roleplay-cli-bundle-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(join(project, file, ".."), { recursive: true });
  writeFileSync(join(project, file), text);
}

// A small stand-in for lib/cli: main.ts loads its command lazily, as the real one does.
write("lib/here.ts", 'import { fileURLToPath } from "node:url";\nexport const here = fileURLToPath(import.meta.url);\n');
write("lib/cli/greeting.ts", 'export const greeting = "hello";\n');
write("lib/cli/main.ts", 'export async function main(argv: string[]): Promise<number> {\n  const { greeting } = await import("./greeting");\n  const { here } = await import("../here");\n  console.log(JSON.stringify({ greeting, here, argv }));\n  return 3;\n}\n');

function runEntry(entry: string) {
  const script = "const { main } = await import(process.argv[1]); process.exitCode = await main(process.argv.slice(2));";
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script, entry, "a"], { encoding: "utf8" });
  return { status: result.status, out: JSON.parse(result.stdout) as { greeting: string; here: string; argv: string[] } };
}

describe("the bundled CLI", () => {
  it("is built when missing, and runs with the sources' own locations", async () => {
    expect(freshCliEntry(project)).toBeUndefined();
    const entry = await buildCli(project);
    expect(entry.startsWith(join(project, ".cache", "cli"))).toBe(true);
    expect(freshCliEntry(project)).toBe(entry);
    expect(runEntry(entry)).toEqual({ status: 3, out: { greeting: "hello", here: join(project, "lib", "here.ts"), argv: ["a"] } });
  });

  it("stays fresh when a source is touched without changing, and goes stale when it changes", async () => {
    const entry = freshCliEntry(project) ?? (await buildCli(project));
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(project, "lib/cli/greeting.ts"), later, later);
    expect(freshCliEntry(project)).toBe(entry);

    write("lib/cli/greeting.ts", 'export const greeting = "hello again";\n');
    expect(freshCliEntry(project)).toBeUndefined();
    const rebuilt = await buildCli(project);
    expect(rebuilt).not.toBe(entry);
    expect(runEntry(rebuilt).out.greeting).toBe("hello again");
  });

  it("goes stale when a source it was built from disappears", async () => {
    await buildCli(project);
    const text = readFileSync(join(project, "lib/here.ts"), "utf8");
    rmSync(join(project, "lib/here.ts"));
    expect(freshCliEntry(project)).toBeUndefined();
    write("lib/here.ts", text);
  });

  it("answers the same from the bundle as from the TypeScript sources", () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [join(root, "bin", "roleplay.mjs"), "--help"], { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
    const bundled = run({});
    const source = run({ ROLEPLAY_CLI_SOURCE: "1" });
    expect(bundled.status).toBe(0);
    expect(bundled.stdout).toMatch(/^Usage: roleplay <command>/);
    expect(bundled.stdout).toBe(source.stdout);
  });
});
