import { parseArgs } from "node:util";
import type { Server } from "node:http";
import type { Db } from "../../db/create-client";

/**
 * Listens, prints exactly `listening on http://HOST:PORT`, and serves until SIGINT/SIGTERM.
 * `beforeDisconnect` runs once the server has closed, before the database is let go.
 */
export async function serveUntilSignal(server: Server, db: Db, host: string, port: number, name: string, beforeDisconnect: () => Promise<void> = async () => {}): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === "EADDRINUSE"
        ? `roleplay ${name}: port ${port} on ${host} is already in use; choose another with --port`
        : `roleplay ${name}: cannot listen on ${host}:${port}: ${(error as Error).message}`,
    );
    await db.$disconnect();
    return 1;
  }
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  // Handlers first, then the line: whoever waits for the line may signal at once.
  const stopped = new Promise<number>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      server.close(() => {
        void beforeDisconnect()
          .catch(() => undefined)
          .then(() => db.$disconnect())
          .finally(() => resolve(0));
      });
      server.closeAllConnections();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.stdout.write(`listening on http://${shownHost}:${actualPort}\n`);
  return stopped;
}

/** Parses a --port value: 0 (any free port) to 65535. */
export function parsePort(value: string | undefined, fallback: number): number | null {
  if (value === undefined) return fallback;
  if (!/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/**
 * Reads an emulator's flags: `--port`, `--host` (loopback by default), `--help`, and any of its
 * own string options. Returns the exit status when the command should stop here.
 */
export function parseServerFlags<Extra extends string>(name: string, argv: string[], help: string, defaultPort: number, extra: readonly Extra[] = []): number | { port: number; host: string; options: Partial<Record<Extra, string>> } {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries([...extra, "port", "host"].map((o) => [o, { type: "string" as const }]));
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (error) {
    console.error(`roleplay ${name}: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const port = parsePort(values.port as string | undefined, defaultPort);
  if (port === null) {
    console.error(`roleplay ${name}: --port must be a number from 0 to 65535 (got '${String(values.port)}')`);
    return 2;
  }
  const options = Object.fromEntries(extra.map((o) => [o, values[o] as string | undefined])) as Partial<Record<Extra, string>>;
  return { port, host: (values.host as string | undefined) ?? "127.0.0.1", options };
}
