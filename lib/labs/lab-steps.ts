/**
 * Runs a lab's steps — `roleplay iam …` and `roleplay ec2 …` command lines — in-process, through
 * the CLI's own operation tables (lib/cli/commands/iam.ts, ec2.ts), so a step is authorized and
 * performed exactly as the same command typed by a trainee. Three sandbox verbs have no AWS CLI
 * counterpart here and are offered to labs only:
 *
 *   ecs run-task --cluster C --task-definition FAMILY:REV [--overrides '{"taskRoleArn":…,"executionRoleArn":…}']
 *   imds get-credentials --instance NAME|ID [--without-token]   what the instance's metadata service hands out
 *   clock advance DURATION                                       moves the workspace clock (5m, 7h, 1d)
 *
 * Values may hold placeholders, resolved when the step runs: {{instance:NAME}} (the instance's
 * id), {{association:NAME}} (its current profile association), {{access-key:USER}} (the user's
 * newest access key id), {{now}} (the workspace clock, ISO 8601) and {{account}}.
 *
 * A list of steps runs in one transaction: a step that fails leaves the workspace as it was.
 */
import path from "node:path";
import { ZodError } from "zod";
import type { Db, Tx } from "../db/create-client";
import { inTransaction } from "../db/transaction";
import { AppError, isAppError } from "../errors";
import { arns, parseIamArn } from "../iam/arns";
import { accountClockNow, advanceWorkspaceClock } from "../creds/workspace-clock";
import { awsTime } from "../authz/call-context";
import { administratorOf, resolveActingPrincipal, type ActingPrincipal } from "../authz/principal-policies";
import { currentComputeCredentials } from "../creds/role-sessions";
import { answerMetadataPath, loadInstanceMetadata } from "../imds/instance-metadata";
import { runTaskAs } from "../compute/run-task-as";
import { parseFlags, readParameter, UsageError, type CallContext, type FlagSpec, type Operation } from "../cli/aws/aws-cli";
import { operations as iamOperations } from "../cli/commands/iam";
import { operations as ec2Operations } from "../cli/commands/ec2";
import { durationSchema, durationSeconds, type LabStep } from "./lab-schema";
import { currentAssociation, findUserByName, requireAccountWorkspace, requireInstanceByRef } from "./lab-lookups";

/** A step that could not run: the command as written, and why (the AWS CLI's error line where there is one). */
export class LabStepError extends Error {
  constructor(
    readonly step: string,
    readonly index: number,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`step ${index + 1} (${step}): ${reason}`);
    this.name = "LabStepError";
  }
}

export type StepOptions = {
  /** The account steps act in unless they say --account or --as (the lab's account). */
  account: string;
  /** The audit log's actor, e.g. "roleplay lab get-pics-read-only (start)". */
  actor: string;
  /** Where `file://` values are read from (the lab file's folder). */
  baseDir?: string;
  /** The real time; the workspace clock is read from it at every step. */
  realNow?: () => Date;
};

export type StepResult = { step: string; service: string; operation: string; output?: unknown };

/** Splits a command line as a POSIX shell would split words: quotes group, backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let current = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) current += line[++i];
      else current += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(current);
      current = "";
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw new AppError("InvalidInput", `unterminated ${quote === "'" ? "single" : "double"} quote in: ${line}`);
  if (inWord) out.push(current);
  return out;
}

/** A step as an argv, without a leading `roleplay` / `npx roleplay`. */
export function stepArgv(step: LabStep): string[] {
  const argv = typeof step === "string" ? splitCommandLine(step) : step.map((part) => (typeof part === "string" ? part : JSON.stringify(part)));
  if (argv[0] === "npx") argv.shift();
  if (argv[0] === "roleplay") argv.shift();
  return argv;
}

/** A step as one readable line, long JSON values shortened. */
export function describeStep(step: LabStep): string {
  const argv = typeof step === "string" ? null : stepArgv(step);
  if (!argv) return (step as string).replace(/^(npx )?roleplay /, "");
  return argv
    .map((part) => {
      const short = part.length > 60 ? `${part.slice(0, 57)}…` : part;
      return /^[\w@%+=:,./{}-]+$/.test(short) ? short : `'${short.replaceAll("'", "'\\''")}'`;
    })
    .join(" ");
}

/** A transaction handed to code that opens transactions of its own: they join this one. */
export function joinedClient(tx: Tx): Db {
  const run = (fn: unknown) => (typeof fn === "function" ? fn(tx) : Promise.all(fn as Promise<unknown>[]));
  return new Proxy(tx as object, {
    get: (target, prop) => (prop === "$transaction" ? run : Reflect.get(target, prop)),
    has: (target, prop) => prop === "$transaction" || Reflect.has(target, prop),
  }) as Db;
}

type Service = { operations: Record<string, Operation>; describe: string };

const sandboxFlags: Record<string, FlagSpec[]> = {
  "ecs run-task": [{ name: "cluster", required: true }, { name: "task-definition", required: true }, { name: "overrides" }, { name: "launch-type" }],
  "imds get-credentials": [{ name: "instance", required: true }, { name: "without-token", boolean: true }],
};

function serviceOf(name: string): Service | undefined {
  if (name === "iam") return { operations: iamOperations, describe: "iam" };
  if (name === "ec2") return { operations: ec2Operations, describe: "ec2" };
  if (name === "ecs") return { operations: { "run-task": ecsRunTask }, describe: "ecs" };
  if (name === "imds") return { operations: { "get-credentials": imdsGetCredentials }, describe: "imds" };
  return undefined;
}

/** Replaces {{…}} placeholders with what the workspace holds now. */
async function resolvePlaceholders(db: Db | Tx, value: string, accountId: string, now: Date): Promise<string> {
  const pattern = /\{\{\s*([a-z-]+)(?::([^}]+))?\s*\}\}/g;
  if (!value.includes("{{")) return value;
  const parts: string[] = [];
  let last = 0;
  for (const match of value.matchAll(pattern)) {
    parts.push(value.slice(last, match.index));
    last = match.index! + match[0].length;
    const [, kind, arg] = match;
    const name = arg?.trim() ?? "";
    switch (kind) {
      case "now":
        parts.push(awsTime(now));
        break;
      case "account":
        parts.push(accountId);
        break;
      case "instance":
        parts.push((await requireInstanceByRef(db, accountId, name)).id);
        break;
      case "association": {
        const instance = await requireInstanceByRef(db, accountId, name);
        const association = await currentAssociation(db, instance.id);
        if (!association) throw new AppError("InvalidInput", `instance ${name} (${instance.id}) has no instance profile association`);
        parts.push(association.id);
        break;
      }
      case "access-key": {
        const user = await findUserByName(db, accountId, name);
        const key = user && (await db.accessKey.findFirst({ where: { userId: user.id }, orderBy: [{ createdAt: "desc" }, { accessKeyId: "desc" }] }));
        if (!key) throw new AppError("InvalidInput", `user ${name} in ${accountId} has no access key`);
        parts.push(key.accessKeyId);
        break;
      }
      default:
        throw new AppError("InvalidInput", `unknown placeholder {{${kind}${arg ? `:${arg}` : ""}}} (known: instance, association, access-key, now, account)`);
    }
  }
  parts.push(value.slice(last));
  return parts.join("");
}

const ecsRunTask: Operation = {
  api: "RunTask",
  flags: sandboxFlags["ecs run-task"],
  run: async (call) => {
    const overrides = call.text("overrides");
    let taskRoleName: string | undefined;
    let executionRoleName: string | undefined;
    if (overrides !== undefined) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(overrides);
      } catch (error) {
        throw new UsageError(`Error parsing parameter '--overrides': Invalid JSON: ${(error as Error).message}`);
      }
      const roleName = (key: string) => {
        const arn = parsed[key];
        if (arn === undefined) return undefined;
        const parts = typeof arn === "string" ? parseIamArn(arn) : undefined;
        if (!parts || parts.kind !== "role") throw new UsageError(`--overrides ${key} must be a role ARN, not ${JSON.stringify(arn)}`);
        if (parts.account !== call.accountId) throw new AppError("InvalidParameterValue", `${key} ${arn} is not in account ${call.accountId}`);
        return parts.name;
      };
      taskRoleName = roleName("taskRoleArn");
      executionRoleName = roleName("executionRoleArn");
    }
    const task = await runTaskAs(call.db, { accountId: call.accountId, clusterName: call.value("cluster")!, taskDefinition: call.value("task-definition")!, region: call.value("region") ?? "us-east-1", taskRoleName, executionRoleName }, call.principal, call.actor, call.now);
    return { tasks: [{ taskArn: arns.ecsTask(call.value("region") ?? "us-east-1", call.accountId, call.value("cluster")!, task.id), taskDefinition: task.taskDefinition, lastStatus: task.lastStatus }] };
  },
};

const imdsGetCredentials: Operation = {
  api: "GetMetadata",
  flags: sandboxFlags["imds get-credentials"],
  run: async (call) => {
    const instance = await requireInstanceByRef(call.db, call.accountId, call.value("instance")!);
    const view = await loadInstanceMetadata(call.db, instance.id);
    if (!view || view.instance.state !== "running") throw new AppError("IncorrectState", `instance ${instance.id} is ${instance.state}: its metadata service does not answer`);
    if (view.instance.httpEndpoint === "disabled") throw new AppError("IncorrectState", `instance ${instance.id} has its metadata endpoint disabled (403)`);
    // A request without a token is what an SSRF through the application can send: IMDSv1.
    if (call.flag("without-token") && view.instance.httpTokens !== "optional") throw new AppError("AccessDenied", `401 Unauthorized: instance ${instance.id} requires IMDSv2 (HttpTokens=required), so a request without a token gets nothing`);
    if (!view.role) throw new AppError("InvalidInput", `instance ${instance.id} has no role through an instance profile: its metadata service serves no credentials`);
    const role = view.role;
    const answer = await answerMetadataPath(view, `/latest/meta-data/iam/security-credentials/${role.name}`, call.now, (r, now) => currentComputeCredentials(call.db, { role: r, source: "instance", sourceId: instance.id, now }));
    if (answer.status !== 200) throw new AppError("InvalidInput", `instance ${instance.id}'s metadata service answered ${answer.status}`);
    const document = JSON.parse(answer.body) as Record<string, string>;
    if (document.Code !== "Success") throw new AppError("AccessDenied", `${document.Code}: ${document.Message}`);
    // The secret and token stay out of every output: the lab keeps only which set was handed out.
    return { Code: document.Code, AccessKeyId: document.AccessKeyId, Expiration: document.Expiration, LastUpdated: document.LastUpdated };
  },
};

/** Runs one step against `db` (a transaction's client): parse, resolve the caller, call the operation. */
async function runStep(db: Db, argv: string[], options: StepOptions): Promise<StepResult> {
  const realNow = options.realNow ?? (() => new Date());
  const [serviceName, operationName, ...rest] = argv;
  if (serviceName === "clock") {
    if (operationName !== "advance" || rest.length !== 1 || !durationSchema.safeParse(rest[0]).success) throw new UsageError("clock takes: clock advance DURATION (e.g. 5m, 7h, 1d)");
    const workspaceId = await requireAccountWorkspace(db, options.account);
    const view = await advanceWorkspaceClock(db, workspaceId, durationSeconds(rest[0]), options.actor, realNow());
    return { step: argv.join(" "), service: "clock", operation: "advance", output: view };
  }
  const service = serviceOf(serviceName ?? "");
  if (!service) throw new UsageError(`a step runs iam, ec2, ecs run-task, imds get-credentials or clock advance, not '${serviceName ?? ""}'`);
  const operation = service.operations[operationName ?? ""];
  if (!operation) throw new UsageError(`${serviceName} has no operation '${operationName ?? ""}' here (known: ${Object.keys(service.operations).join(", ")})`);
  // Placeholders are resolved in the account the step names, before the flags are read.
  const accountFlag = rest.indexOf("--account");
  const asFlag = rest.indexOf("--as");
  const stepAccount = (accountFlag >= 0 ? rest[accountFlag + 1] : undefined) ?? (asFlag >= 0 ? parseIamArn(rest[asFlag + 1] ?? "")?.account : undefined) ?? options.account;
  const clock = await accountClockNow(db, /^\d{12}$/.test(stepAccount) ? stepAccount : options.account, realNow());
  const resolved: string[] = [];
  for (const part of rest) resolved.push(await resolvePlaceholders(db, part, stepAccount, clock));
  const parsed = parseFlags(resolved, operation.flags);
  const asArn = parsed.values.get("as")?.[0];
  const accountId = parsed.values.get("account")?.[0] ?? (asArn ? parseIamArn(asArn)?.account : undefined) ?? options.account;
  if (!/^\d{12}$/.test(accountId)) throw new UsageError("argument --account: an account id is exactly 12 digits");
  const principal: ActingPrincipal = asArn ? await resolveActingPrincipal(db, asArn) : await administratorOf(db, accountId);
  if (principal.accountId !== accountId) throw new UsageError(`argument --account: ${principal.arn} belongs to account ${principal.accountId}, not ${accountId}`);
  const value = (flag: string) => parsed.values.get(flag)?.[0];
  const call: CallContext = {
    db,
    principal,
    accountId,
    actor: `${options.actor} as ${principal.arn}`,
    now: await accountClockNow(db, accountId, realNow()),
    value,
    values: (flag) => parsed.values.get(flag) ?? [],
    flag: (flag) => parsed.booleans.has(flag),
    text: (flag) => {
      const v = value(flag);
      if (v === undefined) return undefined;
      const local = v.startsWith("file://") && options.baseDir && !path.isAbsolute(v.slice(7)) ? `file://${path.join(options.baseDir, v.slice(7))}` : v;
      return readParameter(flag, local);
    },
  };
  const output = await operation.run(call);
  return { step: argv.join(" "), service: serviceName, operation: operationName, output };
}

/** The AWS CLI's words for a failed call, as `roleplay iam|ec2` prints them. */
function failureReason(error: unknown, api: string | undefined): { reason: string; code?: string } | undefined {
  if (error instanceof UsageError) return { reason: error.message, code: "Usage" };
  if (error instanceof ZodError) return { reason: `An error occurred (ValidationError) when calling the ${api ?? "?"} operation: ${error.issues.map((i) => i.message).join("; ")}`, code: "ValidationError" };
  if (isAppError(error)) {
    const explanation = typeof error.details?.explanation === "string" ? ` ${error.details.explanation}` : "";
    return { reason: `An error occurred (${error.code}) when calling the ${api ?? "?"} operation: ${error.message}${explanation}`, code: error.code };
  }
  return undefined;
}

function apiOf(argv: string[]): string | undefined {
  const service = serviceOf(argv[0] ?? "");
  return service?.operations[argv[1] ?? ""]?.api;
}

/** Runs the steps in order within `tx` (no transaction of its own). Throws LabStepError at the first failure. */
export async function runStepsIn(tx: Tx, steps: LabStep[], options: StepOptions): Promise<StepResult[]> {
  const client = joinedClient(tx);
  const results: StepResult[] = [];
  for (const [index, step] of steps.entries()) {
    let argv: string[];
    try {
      argv = stepArgv(step);
    } catch (error) {
      throw new LabStepError(describeStep(step), index, (error as Error).message, "Usage");
    }
    try {
      results.push(await runStep(client, argv, options));
    } catch (error) {
      const failure = failureReason(error, apiOf(argv));
      if (!failure) throw error;
      throw new LabStepError(describeStep(step), index, failure.reason, failure.code);
    }
  }
  return results;
}

/** Runs the steps in one transaction: all of them, or (on a LabStepError) none. */
export function runSteps(db: Db | Tx, steps: LabStep[], options: StepOptions): Promise<StepResult[]> {
  return inTransaction(db, (tx) => runStepsIn(tx, steps, options));
}

class RolledBack extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back: what a command would do, without doing
 * it. Returns what `fn` returned or threw.
 */
export async function withRollback<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  try {
    await inTransaction(db, async (tx) => {
      try {
        outcome = { ok: true, value: await fn(tx) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return outcome!;
}
