/**
 * What `roleplay iam …` and `roleplay ec2 …` share with the AWS CLI: flags that take one or more
 * values, `file://` parameters, shorthand syntax (`Name=…,Arn=…`, `Tags=[{Key=…,Value=…}]`,
 * `Values=a,b`), the error line and exit statuses (252 for usage, 254 for service errors), and
 * 4-space JSON output. The workspace is opened once per call; every call runs as one principal.
 */
import { readFileSync } from "node:fs";
import { ZodError } from "zod";
import path from "node:path";
import { readEnv } from "../../env";
import type { Db } from "../../db/create-client";
import { isAppError } from "../../errors";
import { accountClockNow } from "../../creds/workspace-clock";
import { administratorOf, resolveActingPrincipal, type ActingPrincipal } from "../../authz/principal-policies";

/** A usage problem: exit 252 with the AWS CLI's usage preamble. */
export class UsageError extends Error {}

export type FlagSpec = { name: string; required?: boolean; multiple?: boolean; boolean?: boolean };

export type Operation = {
  /** The API operation name, for the error line ("when calling the CreateRole operation"). */
  api: string;
  flags: FlagSpec[];
  run: (call: CallContext) => Promise<unknown>;
};

export type CallContext = {
  db: Db;
  principal: ActingPrincipal;
  accountId: string;
  actor: string;
  now: Date;
  /** The single value of a flag (undefined when absent). */
  value: (name: string) => string | undefined;
  /** Every value of a flag (empty when absent). */
  values: (name: string) => string[];
  flag: (name: string) => boolean;
  /** A value read as the AWS CLI reads parameters: `file://path` loads the file. */
  text: (name: string) => string | undefined;
};

const globalFlags: FlagSpec[] = [
  { name: "as" },
  { name: "account" },
  { name: "region" },
  { name: "output" },
  { name: "no-cli-pager", boolean: true },
];

export function usagePreamble(service: string): string {
  return [
    "usage: roleplay [options] <command> <subcommand> [<subcommand> ...] [parameters]",
    "To see help text, you can run:",
    "",
    `  roleplay ${service} help`,
    `  roleplay ${service} <subcommand> help`,
    "",
  ].join("\n");
}

type Parsed = { values: Map<string, string[]>; booleans: Set<string> };

/** Reads `--flag value [value …]` pairs; a flag's values run until the next `--flag`. */
export function parseFlags(args: string[], specs: FlagSpec[]): Parsed {
  const known = new Map([...globalFlags, ...specs].map((s) => [s.name, s]));
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  const unknown: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      unknown.push(arg);
      continue;
    }
    let name = arg.slice(2);
    let inline: string | undefined;
    const eq = name.indexOf("=");
    if (eq >= 0) {
      inline = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = known.get(name) ?? (name.startsWith("no-") ? known.get(name.slice(3)) : undefined);
    if (!spec) {
      unknown.push(arg);
      while (i + 1 < args.length && !args[i + 1].startsWith("--")) unknown.push(args[++i]);
      continue;
    }
    if (spec.boolean) {
      booleans.add(name);
      continue;
    }
    const list: string[] = inline !== undefined ? [inline] : [];
    while (i + 1 < args.length && !args[i + 1].startsWith("--")) list.push(args[++i]);
    if (list.length === 0) throw new UsageError(`argument --${name}: expected one argument`);
    if (values.has(name)) throw new UsageError(`argument --${name}: given more than once`);
    if (!spec.multiple && list.length > 1) unknown.push(...list.slice(1));
    values.set(name, spec.multiple ? list : [list[0]]);
  }
  if (unknown.length) throw new UsageError(`Unknown options: ${unknown.join(", ")}`);
  const missing = specs.filter((s) => s.required && !values.has(s.name) && !booleans.has(s.name)).map((s) => `--${s.name}`);
  if (missing.length) throw new UsageError(`the following arguments are required: ${missing.join(", ")}`);
  return { values, booleans };
}

/** The AWS CLI's `file://` convention for a parameter's value. */
export function readParameter(flag: string, value: string): string {
  if (!value.startsWith("file://")) return value;
  const file = value.slice("file://".length);
  try {
    return readFileSync(path.resolve(file), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === "ENOENT" ? "[Errno 2] No such file or directory" : (error as Error).message;
    throw new UsageError(`Error parsing parameter '--${flag}': Unable to load paramfile ${value}: ${code}: '${file}'`);
  }
}

type Shorthand = string | Shorthand[] | { [key: string]: Shorthand };

/**
 * The AWS CLI's shorthand syntax: `Key=Value,Key2=[a,b],Key3={K=V}`; a bare list continues a
 * value (`Values=a,b`). JSON is accepted too, as the CLI accepts it.
 */
export function parseShorthand(flag: string, text: string): Record<string, Shorthand> {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed);
    } catch (error) {
      // `{K=V}` is not JSON: fall through to shorthand.
      if (/"/.test(trimmed)) throw new UsageError(`Error parsing parameter '--${flag}': Invalid JSON: ${(error as Error).message}\nJSON received: ${trimmed}`);
    }
  }
  let i = 0;
  const fail = (why: string): never => {
    throw new UsageError(`Error parsing parameter '--${flag}': Expected: ${why}, received: '${text.slice(i, i + 1) || "<end>"}' for input:\n${text}\n${" ".repeat(i)}^`);
  };
  const scalarUntil = (stops: string) => {
    const start = i;
    while (i < text.length && !stops.includes(text[i])) i++;
    return text.slice(start, i).trim();
  };
  const parseValue = (stops: string): Shorthand => {
    if (text[i] === "[") {
      i++;
      const list: Shorthand[] = [];
      while (i < text.length && text[i] !== "]") {
        list.push(parseValue(",]"));
        if (text[i] === ",") i++;
      }
      if (text[i] !== "]") fail("']'");
      i++;
      return list;
    }
    if (text[i] === "{") {
      i++;
      const struct = parseStruct("}");
      if (text[i] !== "}") fail("'}'");
      i++;
      return struct;
    }
    return scalarUntil(stops);
  };
  const parseStruct = (end: string): Record<string, Shorthand> => {
    const out: Record<string, Shorthand> = {};
    while (i < text.length && text[i] !== end) {
      const key = scalarUntil("=" + end);
      if (text[i] !== "=" || !key) fail("'='");
      i++;
      let value = parseValue("," + end);
      // `Values=a,b,c`: segments without '=' continue the previous value as a list.
      while (text[i] === ",") {
        const rest = text.slice(i + 1);
        const nextSegment = rest.split(/[,}\]]/)[0];
        if (nextSegment.includes("=") || rest.startsWith("{") || rest.startsWith("[")) break;
        i++;
        const more = scalarUntil("," + end);
        value = Array.isArray(value) ? [...value, more] : [value as string, more];
      }
      out[key] = value;
      if (text[i] === ",") i++;
    }
    return out;
  };
  const result = parseStruct("\u0000");
  if (i < text.length) fail("end of input");
  return result;
}

export function asList(value: Shorthand | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
  return typeof value === "string" ? [value] : [JSON.stringify(value)];
}

/** AWS CLI timestamps: ISO 8601 with an explicit UTC offset. */
export function awsDate(date: Date | string): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 4)}\n`);
}

/** Runs one AWS-style service command: parse, open the workspace, resolve the principal, call, print. */
export async function runService(service: "iam" | "ec2", operations: Record<string, Operation>, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    console.log(`${usagePreamble(service)}\nAvailable ${service} operations (AWS CLI verbs over the workspace):\n\n${Object.keys(operations).map((o) => `  ${o}`).join("\n")}\n\nGlobal options: --as PRINCIPAL_ARN (default: the account's administrator, root), --account ACCOUNT_ID`);
    return name ? 0 : 252;
  }
  const operation = operations[name];
  if (!operation) {
    console.error(`${usagePreamble(service)}roleplay: error: argument operation: Invalid choice, valid choices are:\n\n${Object.keys(operations).join(" | ")}`);
    return 252;
  }
  if (rest[0] === "help" || rest.includes("--help")) {
    console.log(`roleplay ${service} ${name} ${operation.flags.map((f) => (f.required ? `--${f.name} <value>` : `[--${f.name}${f.boolean ? "" : " <value>"}]`)).join(" ")} [--as PRINCIPAL_ARN] [--account ACCOUNT_ID]`);
    return 0;
  }
  let parsed: Parsed;
  try {
    parsed = parseFlags(rest, operation.flags);
    const output = parsed.values.get("output")?.[0];
    if (output && output !== "json") throw new UsageError(`argument --output: Invalid choice: '${output}' (only json is offered here)`);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${usagePreamble(service)}roleplay: error: ${error.message}`);
      return 252;
    }
    throw error;
  }
  // Prisma loads only past help and usage errors.
  const { configureSqlite, createPrismaClient } = await import("../../db/create-client");
  const db = createPrismaClient(readEnv().databaseUrl);
  try {
    await configureSqlite(db);
    const asArn = parsed.values.get("as")?.[0];
    let accountId = parsed.values.get("account")?.[0];
    if (accountId && !/^\d{12}$/.test(accountId)) {
      console.error(`${usagePreamble(service)}roleplay: error: argument --account: an account id is exactly 12 digits`);
      return 252;
    }
    let principal: ActingPrincipal;
    try {
      if (asArn) {
        principal = await resolveActingPrincipal(db, asArn);
        accountId ??= principal.accountId;
      } else {
        accountId ??= (await db.account.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }))?.id;
        if (!accountId) {
          console.error("roleplay: the workspace has no account yet: run `npx roleplay setup` first");
          return 252;
        }
        principal = await administratorOf(db, accountId);
      }
    } catch (error) {
      if (isAppError(error)) {
        console.error(`${usagePreamble(service)}roleplay: error: argument --as: ${error.message}`);
        return 252;
      }
      throw error;
    }
    if (principal.accountId !== accountId) {
      console.error(`${usagePreamble(service)}roleplay: error: argument --account: ${principal.arn} belongs to account ${principal.accountId}, not ${accountId}`);
      return 252;
    }
    const actor = asArn ? `cli as ${principal.arn}` : `cli as ${principal.arn} (account administrator, no --as)`;
    const now = await accountClockNow(db, accountId, new Date());
    const value = (flag: string) => parsed.values.get(flag)?.[0];
    const call: CallContext = {
      db,
      principal,
      accountId,
      actor,
      now,
      value,
      values: (flag) => parsed.values.get(flag) ?? [],
      flag: (flag) => parsed.booleans.has(flag),
      text: (flag) => {
        const v = value(flag);
        return v === undefined ? undefined : readParameter(flag, v);
      },
    };
    try {
      const result = await operation.run(call);
      if (result !== undefined) printJson(result);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) {
        console.error(`${usagePreamble(service)}roleplay: error: ${error.message}`);
        return 252;
      }
      if (error instanceof ZodError) {
        const code = service === "iam" ? "ValidationError" : "InvalidParameterValue";
        console.error(`\nAn error occurred (${code}) when calling the ${operation.api} operation: ${error.issues.map((i) => i.message).join("; ")}`);
        return 254;
      }
      if (isAppError(error)) {
        console.error(`\nAn error occurred (${error.code}) when calling the ${operation.api} operation: ${error.message}`);
        if (typeof error.details?.explanation === "string") console.error(error.details.explanation);
        return 254;
      }
      throw error;
    }
  } finally {
    await db.$disconnect();
  }
}
