/**
 * The README's command-line walkthroughs, run as written: each command is read from README.md (a
 * fenced `sh` block or an inline `npx roleplay …` span), executed by bash in a scratch directory
 * with `npx roleplay` meaning this project's CLI (what npx runs inside the project), against a
 * database of the test's own. A walkthrough that stops working, or a README that stops saying it,
 * fails here. The console walkthroughs are tests/e2e/readme-walkthroughs.spec.ts.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..", "..", "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const scratch = mkdtempSync(path.join(tmpdir(), "roleplay-readme-"));
const databaseUrl = `file:${path.join(scratch, "workspace.db")}`;
// `npx roleplay` inside the project runs its own bin; said here without reaching for the registry.
const prelude = `npx() { if [ "$1" = roleplay ]; then shift; node ${JSON.stringify(path.join(root, "bin", "roleplay.mjs"))} "$@"; else command npx "$@"; fi; }\n`;

/** The fenced blocks of a language, in order. */
function fencedBlocks(language: string): string[] {
  return [...readme.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
}

/** The one `sh` block holding `needle`; failing when the README no longer has it. */
function shBlock(needle: string): string[] {
  const found = fencedBlocks("sh").filter((b) => b.includes(needle));
  expect(found, `README.md has one sh block with ${needle}`).toHaveLength(1);
  return found[0].split("\n").filter((l) => l.trim());
}

/** Inline code spans that are commands (line breaks inside a span read as spaces). */
function inlineCommands(prefix: string): string[] {
  const prose = readme.replace(/```[\s\S]*?```/g, "");
  return [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s*\n\s*/g, " ")).filter((c) => c.startsWith(prefix));
}

type Run = { status: number | null; stdout: string; stderr: string };

function sh(command: string, env: Record<string, string> = {}, cwd = scratch): Run {
  const result = spawnSync("bash", ["-c", prelude + command], { cwd, encoding: "utf8", env: { ...process.env, DATABASE_URL: databaseUrl, ...env }, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectOk(run: Run, what: string) {
  expect(run.status, `${what}\n${run.stderr}`).toBe(0);
}

beforeAll(() => {
  expectOk(sh("npx roleplay setup"), "npx roleplay setup");
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("Signing in: users from the command line", () => {
  it("adds ana, lists her, removes her", () => {
    const lines = shBlock("users add ana@");
    expect(lines).toEqual([
      "echo 'a-long-password' | npx roleplay users add ana@example.com --role editor --password-stdin",
      "npx roleplay users list",
      "npx roleplay users remove ana@example.com",
    ]);
    expectOk(sh(lines[0]), lines[0]);
    const list = sh(lines[1]);
    expectOk(list, lines[1]);
    expect(list.stdout).toMatch(/ana@example\.com\s+editor/);
    expectOk(sh(lines[2]), lines[2]);
    expect(sh(lines[1]).stdout).not.toContain("ana@example.com");
  }, 60_000);
});

/** Runs `body` only when none of the project's `files` exist yet, and removes what it made. */
function inProjectData(files: string[], body: () => void) {
  const paths = files.map((f) => path.join(root, "data", f));
  if (paths.some((p) => existsSync(p))) {
    console.warn(`README walkthrough skipped: ${files.join(", ")} already exist${files.length === 1 ? "s" : ""} in data/ and would be overwritten`);
    return;
  }
  try {
    body();
  } finally {
    for (const p of paths) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(p + suffix, { force: true });
  }
}

describe("Audit log, conflicts, backups", () => {
  it("exports the workspace, restores it into another database, and over an existing one", () => {
    const lines = shBlock("workspace export backup.json").map((l) => l.replace(/\s+#.*$/, ""));
    expect(lines).toHaveLength(3);
    inProjectData(["copy.db"], () => {
      for (const line of lines) expectOk(sh(line), line);
      expect(existsSync(path.join(scratch, "backup.json"))).toBe(true);
      const restored = sh("npx roleplay users list", { DATABASE_URL: "file:./data/copy.db" });
      expectOk(restored, "users list on the restored copy");
    });
  }, 120_000);
});

describe("The classroom", () => {
  it("creates a trainee's workspace from a lab, checks it (failing), resets and deletes it", () => {
    const lines = shBlock("workspace create ana-1").map((l) => l.replace(/\s+#.*$/, ""));
    expect(lines).toHaveLength(6);
    expectOk(sh("echo 'a-long-password' | npx roleplay users add ana@example.com --role trainee --password-stdin"), "users add ana");
    for (const line of lines) {
      const run = sh(line);
      // A workspace freshly made from a lab fails at least one of its checks (classroom.md).
      if (line.includes("lab check")) expect(run.status, `${line}\n${run.stderr}`).toBe(1);
      else expectOk(run, line);
      if (line.includes("workspace list")) expect(run.stdout).toMatch(/ana-1\s+111111111111,222222222222\s+trust-nobody\s+ana@example\.com/);
    }
    expect(sh("npx roleplay workspace list --format json").stdout).not.toContain("ana-1");
    expectOk(sh("npx roleplay users remove ana@example.com"), "users remove ana");
  }, 120_000);
});

describe("The command line", () => {
  it("every command the synopsis names answers --help", () => {
    const lines = shBlock("npx roleplay --help");
    expectOk(sh(lines[0]), lines[0]);
    const commands = lines.slice(1).map((l) => /^npx roleplay ([a-z-]+)/.exec(l)?.[1]).filter((c): c is string => Boolean(c));
    expect(commands.length).toBeGreaterThan(8);
    for (const command of commands) expectOk(sh(`npx roleplay ${command} --help`), `npx roleplay ${command} --help`);
  }, 120_000);

  it("the Alice story, scripted: alice launches with ops-admin; bob is refused with 254 and the reason; bob launches with Get-pics", () => {
    const [alice] = inlineCommands("npx roleplay ec2 run-instances");
    expect(alice).toBe("npx roleplay ec2 run-instances --iam-instance-profile Name=ops-admin --as arn:aws:iam::111111111111:user/alice");
    expectOk(sh(alice), alice);
    // "with `user/bob` it exits 254 with EC2's UnauthorizedOperation line and a second line naming the missing iam:PassRole and the closest statement"
    const bob = sh(alice.replace("user/alice", "user/bob"));
    expect(bob.status).toBe(254);
    const [first, second] = bob.stderr.trim().split("\n");
    expect(first).toMatch(/UnauthorizedOperation/);
    expect(second).toMatch(/iam:PassRole/);
    expect(second).toMatch(/LaunchWithGetPicsOnly|closest|statement/i);
    // "`Name=Get-pics` works for bob"
    expectOk(sh(alice.replace("user/alice", "user/bob").replace("Name=ops-admin", "Name=Get-pics")), "bob with Get-pics");
  }, 60_000);

  it("several workspaces side by side: a training database set up anew", () => {
    const [training] = inlineCommands("DATABASE_URL=file:./data/training.db");
    expect(training).toBe("DATABASE_URL=file:./data/training.db npx roleplay setup --reset");
    inProjectData(["training.db"], () => {
      expectOk(sh(training), training);
      expect(existsSync(path.join(root, "data", "training.db"))).toBe(true);
    });
  }, 60_000);
});

/** A free loopback port, or `preferred` when it is free. */
async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => {
        const bound = (server.address() as { port: number }).port;
        server.close(() => resolve(bound));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}

type Server = { child: ChildProcess; firstLine: string };

/** Starts an emulator line of the README (with `&` to keep it running) and waits for its first line. */
function startServer(command: string, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn("bash", ["-c", `${prelude}exec ${command.replace(/^npx roleplay /, `node ${JSON.stringify(path.join(root, "bin", "roleplay.mjs"))} `)}`], { cwd: scratch, env: { ...process.env, DATABASE_URL: databaseUrl, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (firstLine) => resolve({ child, firstLine }));
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}: ${stderr}`)));
  });
}

async function stop(server: Server | undefined) {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await exited;
}

describe("Run your own SDK code against an instance", () => {
  const servers: Server[] = [];
  let imdsLine: string;
  let stsLine: string;
  let ports: { imds: number; sts: number };

  beforeAll(async () => {
    [imdsLine, stsLine] = shBlock("# prints: listening on").map((l) => l.replace(/\s+#.*$/, ""));
    expect([imdsLine, stsLine]).toEqual(["npx roleplay imds --instance photos-app", "npx roleplay sts"]);
    // The README's ports, unless another program holds them on this machine: then free ones.
    ports = { imds: await freePort(1338), sts: await freePort(4566) };
    await serve(stsLine, ports.sts, 4566);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map(stop));
  });

  /** A README server line, on the README's port when it was free. */
  async function serve(line: string, port: number, readmePort: number) {
    const server = await startServer(port === readmePort ? line : `${line} --port ${port}`);
    servers.push(server);
    expect(server.firstLine).toBe(`listening on http://127.0.0.1:${port}`);
    return server;
  }

  /** The block that runs the application, with the README's ports replaced only when they were taken. */
  function runApp(appSource: string): Run {
    writeFileSync(path.join(scratch, "my-app.mjs"), appSource);
    if (!existsSync(path.join(scratch, "node_modules"))) symlinkSync(path.join(root, "node_modules"), path.join(scratch, "node_modules"), "dir");
    const block = shBlock("node my-app.mjs")
      .map((l) => l.replace(/\s+#.*$/, ""))
      .join("\n")
      .replace("127.0.0.1:1338", `127.0.0.1:${ports.imds}`)
      .replace("127.0.0.1:4566", `127.0.0.1:${ports.sts}`);
    return sh(block);
  }

  function myApp(): string {
    const [source] = fencedBlocks("js").filter((b) => b.includes("// my-app.mjs"));
    expect(source, "README.md has the my-app.mjs block").toBeDefined();
    return source;
  }

  it("photos-app's credentials reach unmodified SDK code: GetCallerIdentity is assumed-role/Get-pics/i-…", async () => {
    const imds = await serve(imdsLine, ports.imds, 1338);
    const run = runApp(myApp());
    expectOk(run, "node my-app.mjs");
    expect(run.stdout).toMatch(/arn:aws:sts::111111111111:assumed-role\/Get-pics\/i-[0-9a-f]{17}/);
    await stop(imds);
    servers.splice(servers.indexOf(imds), 1);
  }, 120_000);

  it("with --instance cross-account-app the same client assumes efgh; once efgh trusts someone else, AccessDenied", async () => {
    await serve(imdsLine.replace("photos-app", "cross-account-app"), ports.imds, 1338);
    const call = inlineCommands("AssumeRole({")[0];
    expect(call).toBe('AssumeRole({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner" })');
    const app = `${myApp()}\nconsole.log((await sts.send(new ${call.replace("AssumeRole(", "AssumeRoleCommand(")})).AssumedRoleUser.Arn);\n`;
    const allowed = runApp(app);
    expectOk(allowed, "AssumeRole efgh");
    expect(allowed.stdout).toContain("arn:aws:sts::222222222222:assumed-role/efgh/partner");

    // The README's change, made here from the command line (the console's is the browser test's).
    const from = inlineCommands("arn:aws:iam::111111111111:role/abcd")[0];
    const to = inlineCommands("arn:aws:iam::111111111111:role/Get-pics")[0];
    expect([from, to]).toEqual(["arn:aws:iam::111111111111:role/abcd", "arn:aws:iam::111111111111:role/Get-pics"]);
    const trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: to } }] });
    expectOk(sh(`npx roleplay iam update-assume-role-policy --account 222222222222 --role-name efgh --policy-document '${trust}'`), "update efgh's trust");
    const refused = runApp(app);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/AccessDenied/);
  }, 120_000);
});
