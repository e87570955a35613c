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
});

export type Env = { databaseUrl: string; databasePath: string; port: number };

/** Reads and validates the environment; the only place that touches process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const raw = parsed.data.DATABASE_URL ?? "file:./data/roleplay.db";
  // Relative SQLite paths are resolved against the project root, so the CLI, the server and the
  // tests agree on one file whatever their working directory.
  const databasePath = path.resolve(projectRoot, raw.slice("file:".length));
  return { databaseUrl: `file:${databasePath}`, databasePath, port: parsed.data.PORT ?? 3000 };
}
