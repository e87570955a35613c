/**
 * The console as `npm start` serves it (one worker per core), on a port and database of the
 * benchmark's own, and a sign-in through the sign-in form's server action
 * over plain HTTP, as the browser's form submits it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { projectRoot } from "../../lib/env";

export interface RunningConsole {
  origin: string;
  /** Milliseconds from spawn to the first worker ready (a build included when one was needed). */
  startMs: number;
  /** What the server has printed so far (its last 100 KB or more): errors behind a 500 are there. */
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Serves the console of `root`: the checkout itself through `npm start`'s script (built first when
 * its sources changed), or a private build (./private-build.ts) through its server script.
 */
export async function startConsole(databaseUrl: string, port: number, root = projectRoot): Promise<RunningConsole> {
  if (root !== projectRoot) return startOnce(databaseUrl, port, path.join(root, "scripts", "serve.mjs"), root);
  // Someone else's `next build` in this checkout (tests, another start) holds Next's lock or has
  // emptied .next for a minute or two: wait it out rather than fail the run.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(databaseUrl, port, path.join(projectRoot, "scripts", "start.mjs"), projectRoot);
    } catch (error) {
      if (attempt >= 20 || !/Another next build process is already running|Could not find a production build/.test(String(error))) throw error;
      console.log(`  another next build is under way in this checkout; starting again in 30 s (attempt ${attempt + 1} of 20)`);
      await new Promise((resolve) => setTimeout(resolve, 30_000));
    }
  }
}

async function startOnce(databaseUrl: string, port: number, script: string, root: string): Promise<RunningConsole> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [script], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = () => {
        if (/Ready in/.test(output)) resolve();
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code) => reject(new Error(`the console exited (${code}) before it was ready:\n${output.slice(-4000)}`)));
    });
  } catch (error) {
    process.off("exit", stopOnExit);
    throw error;
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    startMs: performance.now() - started,
    output: () => output,
    async stop() {
      process.off("exit", stopOnExit);
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The build being served (.next/BUILD_ID), to notice a rebuild by someone else during a run. */
export function buildId(root = projectRoot): string | undefined {
  try {
    return readFileSync(path.join(root, ".next", "BUILD_ID"), "utf8").trim();
  } catch {
    return undefined;
  }
}

/** The id the build gave `exportedName` of `filename` (a server action), from Next's manifest. */
function serverActionId(root: string, filename: string, exportedName: string): string {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === filename && entry.exportedName === exportedName);
  if (!found) throw new Error(`no server action ${exportedName} of ${filename} in the build's manifest`);
  return found[0];
}

/**
 * Signs in as the form does (a POST of the sign-in action to /sign-in) and returns the Cookie header
 * that carries the session; throws, with the server's answer, when no session cookie comes back.
 */
export async function signIn(origin: string, email: string, password: string, root = projectRoot): Promise<string> {
  const response = await fetch(`${origin}/sign-in`, {
    method: "POST",
    headers: {
      "next-action": serverActionId(root, "app/sign-in/actions.ts", "signInAction"),
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin,
    },
    body: JSON.stringify([{ email, password }]),
    redirect: "manual",
  });
  const body = await response.text();
  const session = response.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("roleplay_session=") && c.length > "roleplay_session=".length);
  if (!session) throw new Error(`sign-in gave no session cookie (HTTP ${response.status}): ${body.slice(0, 500)}`);
  return session;
}
