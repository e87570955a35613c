import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The project root: lib/ sits directly under it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^file:/, "DATABASE_URL must be a SQLite file URL, e.g. file:./data/roleplay.db")
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  // Loopback unless told otherwise, as the emulators: the console is for this machine by default.
  HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]*$/, "HOST is an address or host name to listen on, e.g. 127.0.0.1 or 0.0.0.0")
    .optional(),
  // Set only when the console is reachable solely through a reverse proxy that appends the
  // client's address to X-Forwarded-For; otherwise that header is the client's own claim.
  TRUST_PROXY: z.enum(["0", "1", "true", "false"], { error: "TRUST_PROXY is 1 or 0" }).optional(),
  ROLEPLAY_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  // Set by the CLI's --workspace option along with DATABASE_URL (lib/cli/workspace-option.ts).
  ROLEPLAY_WORKSPACE: z.string().optional(),
});

export type Env = {
  databaseUrl: string;
  databasePath: string;
  port: number;
  /** The address the console listens on (default 127.0.0.1, loopback only). */
  host: string;
  /** Whether X-Forwarded-For's last entry (a trusted proxy's) names the client. */
  trustProxy: boolean;
  /** Console server processes, at most one per core (default 2). */
  workers: number;
  /** The workspace a CLI command works in (its file is databasePath); `demo` by default. */
  workspace: string;
};

/** Reads and validates the environment; the only place that touches process.env. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const raw = parsed.data.DATABASE_URL ?? "file:./data/roleplay.db";
  // Relative SQLite paths are resolved against the project root, so the CLI, the server and the
  // tests agree on one file whatever their working directory.
  const databasePath = path.resolve(projectRoot, raw.slice("file:".length));
  return {
    databaseUrl: `file:${databasePath}`,
    databasePath,
    port: parsed.data.PORT ?? 3000,
    host: parsed.data.HOST || "127.0.0.1",
    trustProxy: parsed.data.TRUST_PROXY === "1" || parsed.data.TRUST_PROXY === "true",
    workers: parsed.data.ROLEPLAY_WORKERS ?? 2,
    workspace: parsed.data.ROLEPLAY_WORKSPACE || "demo",
  };
}
