/**
 * The decision log of `roleplay api`: one entry per request — when (workspace clock), who (the
 * caller's ARN, or the access key id of a request that did not authenticate), the service,
 * operation, IAM action and resource that decided, the decision, the deciding statement, and the
 * evaluator's explanation of every check the request made. Written in small batches (one insert
 * per batch, so logging never becomes the endpoint's bottleneck), read by the console's decision
 * log page, printed as JSON lines with `--log`.
 */
import { z } from "zod";
import type { Db, Tx } from "../db/create-client";
import type { AuthorizationCheck } from "../authz/authorize-call";
import { explanationLine } from "../authz/authorize-call";

export const decisionValues = ["Allow", "ExplicitDeny", "ImplicitDeny", "Unauthenticated", "Error"] as const;
/** Allow/ExplicitDeny/ImplicitDeny: the evaluator's; Unauthenticated: the signature failed; Error: refused before any authorization. */
export type DecisionValue = (typeof decisionValues)[number];

export type CheckExplanation = {
  action: string;
  resource: string;
  decision: AuthorizationCheck["decision"];
  reason: AuthorizationCheck["reason"];
  summary: string;
  deciding: string[];
  missing?: string;
  nearest?: { statement: string; failures: string[] };
  context: AuthorizationCheck["context"];
};

export type DecisionExplanation = {
  /** One sentence: what was decided and why. */
  summary: string;
  /** The error the caller received, when it failed. */
  message?: string;
  /** How the request was signed. */
  signature?: { region?: string; presigned?: boolean; payload?: string };
  checks: CheckExplanation[];
};

export type DecisionRecord = {
  at: Date;
  requestId: string;
  caller: string;
  accessKeyId: string | null;
  accountId: string | null;
  service: string;
  operation: string;
  action: string;
  resource: string;
  decision: DecisionValue;
  deciding: string | null;
  status: number;
  errorCode: string | null;
  sourceIp: string | null;
  explanation: DecisionExplanation;
};

// A lone UTF-16 surrogate (a request can name one, e.g. &#xD800; in an XML body) cannot be
// stored as UTF-8 nor printed as valid JSON: it becomes U+FFFD, as a UTF-8 decoder would read it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(value: unknown): unknown {
  if (typeof value === "string") return value.replace(loneSurrogate, "\uFFFD");
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === "object" && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormed(v)]));
  return value;
}

/** The record with every text well-formed, its explanation included. */
export function wellFormedRecord(record: DecisionRecord): DecisionRecord {
  return wellFormed(record) as DecisionRecord;
}

function explainCheck(check: AuthorizationCheck): CheckExplanation {
  return { action: check.action, resource: check.resource, decision: check.decision, reason: check.reason, summary: check.summary, deciding: check.deciding, missing: check.missing, nearest: check.nearest, context: check.context };
}

/**
 * What a request's checks decided: the first refused check when one was refused (it is why the
 * request failed), else the first check (the operation's own action). Without any check, the
 * request needed no permission, or failed before authorization.
 */
export function summarizeChecks(
  checks: AuthorizationCheck[],
  fallback: { action: string; resource: string },
  failure?: { code: string; message: string; unauthenticated?: boolean },
): Pick<DecisionRecord, "action" | "resource" | "decision" | "deciding"> & { explanation: DecisionExplanation } {
  const refused = checks.find((c) => !c.allowed);
  const deciding = refused ?? checks[0];
  const explanation: DecisionExplanation = { summary: "", checks: checks.map(explainCheck), ...(failure ? { message: failure.message } : {}) };
  if (deciding) {
    explanation.summary = refused ? explanationLine(refused) : deciding.summary;
    return { action: deciding.action, resource: deciding.resource, decision: deciding.decision, deciding: deciding.deciding.join("; ") || null, explanation };
  }
  if (failure?.unauthenticated) {
    explanation.summary = `Not authenticated (${failure.code}): ${failure.message}`;
    return { ...fallback, decision: "Unauthenticated", deciding: null, explanation };
  }
  if (failure) {
    explanation.summary = `Refused before any authorization (${failure.code}): ${failure.message}`;
    return { ...fallback, decision: "Error", deciding: null, explanation };
  }
  explanation.summary = `${fallback.action} needs no permission: every authenticated caller may call it.`;
  return { ...fallback, decision: "Allow", deciding: "needs no permission", explanation };
}

/** The JSON line `roleplay api --log` prints for an entry. */
export function decisionLine(record: DecisionRecord): string {
  return JSON.stringify({
    time: record.at.toISOString(),
    requestId: record.requestId,
    caller: record.caller,
    service: record.service,
    operation: record.operation,
    action: record.action,
    resource: record.resource,
    decision: record.decision,
    deciding: record.deciding,
    status: record.status,
    error: record.errorCode,
    summary: record.explanation.summary,
  });
}

const insertColumns = ["workspaceId", "at", "requestId", "caller", "accessKeyId", "accountId", "service", "operation", "action", "resource", "decision", "deciding", "status", "errorCode", "sourceIp", "explanation"] as const;

/** A DateTime as Prisma writes it in SQLite (text, milliseconds, explicit UTC offset). */
function prismaDateTime(date: Date): string {
  return date.toISOString().replace(/Z$/, "+00:00");
}

/** The newest entries kept per workspace; older ones are pruned as new ones arrive. */
export const keptDecisions = 100_000;

/** Appends entries in batches; `close` writes what is pending. */
export class DecisionLogWriter {
  private queue: DecisionRecord[] = [];
  private sincePrune = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly workspaceId: string,
    private readonly onError: (error: unknown) => void = () => {},
    private readonly delayMs = 20,
    private readonly keep = keptDecisions,
  ) {}

  record(entry: DecisionRecord): void {
    this.queue.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes every pending entry (one insert). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.insert(batch).then(() => undefined, this.onError));
    return this.flushing;
  }

  // One multi-row INSERT per batch, in raw SQL: a Prisma createMany compiles the whole batch as a
  // query first, which costs more than the insert itself.
  private async insertRows(rows: DecisionRecord[]): Promise<void> {
    const values: unknown[] = [];
    for (const r of rows) {
      values.push(this.workspaceId, prismaDateTime(r.at), r.requestId, r.caller, r.accessKeyId, r.accountId, r.service, r.operation, r.action, r.resource, r.decision, r.deciding, r.status, r.errorCode, r.sourceIp, JSON.stringify(r.explanation));
    }
    const placeholders = rows.map(() => `(${Array(insertColumns.length).fill("?").join(", ")})`).join(", ");
    await this.db.$executeRawUnsafe(`INSERT INTO "DecisionLogEntry" (${insertColumns.map((c) => `"${c}"`).join(", ")}) VALUES ${placeholders}`, ...values);
  }

  private async insert(batch: DecisionRecord[]): Promise<void> {
    for (let i = 0; i < batch.length; i += 200) {
      const rows = batch.slice(i, i + 200);
      try {
        await this.insertRows(rows);
      } catch {
        // One entry the database refuses must not cost the others theirs: each on its own.
        for (const row of rows) await this.insertRows([row]).catch(this.onError);
      }
    }
    // A long-running endpoint keeps the newest entries only, so the log never fills the disk.
    this.sincePrune += batch.length;
    if (this.sincePrune >= 1000) {
      this.sincePrune = 0;
      await this.db.$executeRawUnsafe(
        `DELETE FROM "DecisionLogEntry" WHERE "workspaceId" = ? AND "id" <= (SELECT "id" FROM "DecisionLogEntry" WHERE "workspaceId" = ? ORDER BY "id" DESC LIMIT 1 OFFSET ${this.keep})`,
        this.workspaceId,
        this.workspaceId,
      );
    }
  }

  close(): Promise<void> {
    return this.flush();
  }
}

export const decisionFilterSchema = z.object({
  caller: z.string().trim().max(2048).optional(),
  decision: z.enum(decisionValues).optional(),
  service: z.enum(["iam", "sts", "ec2", "s3"]).optional(),
  /** Only entries newer than this id (live polling). */
  after: z.coerce.number().int().min(0).optional(),
  /** Only entries older than this id (paging back). */
  before: z.coerce.number().int().min(1).optional(),
  take: z.coerce.number().int().min(1).max(500).default(100),
});
export type DecisionFilter = z.input<typeof decisionFilterSchema>;

export type DecisionListItem = {
  id: number;
  at: string;
  caller: string;
  service: string;
  operation: string;
  action: string;
  resource: string;
  decision: string;
  deciding: string | null;
  status: number;
  errorCode: string | null;
};

/** The workspace's entries, newest first, filtered by caller (part of the ARN), decision and service. */
export async function listDecisions(db: Db | Tx, workspaceId: string, filter: DecisionFilter = {}): Promise<DecisionListItem[]> {
  const f = decisionFilterSchema.parse(filter);
  const rows = await db.decisionLogEntry.findMany({
    where: {
      workspaceId,
      ...(f.caller ? { caller: { contains: f.caller } } : {}),
      ...(f.decision ? { decision: f.decision } : {}),
      ...(f.service ? { service: f.service } : {}),
      ...(f.after !== undefined || f.before !== undefined ? { id: { ...(f.after !== undefined ? { gt: f.after } : {}), ...(f.before !== undefined ? { lt: f.before } : {}) } } : {}),
    },
    orderBy: { id: "desc" },
    take: f.take,
    select: { id: true, at: true, caller: true, service: true, operation: true, action: true, resource: true, decision: true, deciding: true, status: true, errorCode: true },
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** The callers seen in the workspace's log, for the filter. */
export async function listDecisionCallers(db: Db | Tx, workspaceId: string): Promise<string[]> {
  const rows = await db.decisionLogEntry.findMany({ where: { workspaceId }, distinct: ["caller"], select: { caller: true }, orderBy: { caller: "asc" }, take: 200 });
  return rows.map((r) => r.caller);
}

export type DecisionDetail = DecisionListItem & { requestId: string; accessKeyId: string | null; accountId: string | null; sourceIp: string | null; explanation: DecisionExplanation };

/** One entry with its explanation; null when the workspace has no such entry. */
export async function getDecision(db: Db | Tx, workspaceId: string, id: number): Promise<DecisionDetail | null> {
  const row = await db.decisionLogEntry.findFirst({ where: { id, workspaceId } });
  if (!row) return null;
  let explanation: DecisionExplanation;
  try {
    explanation = JSON.parse(row.explanation) as DecisionExplanation;
  } catch {
    explanation = { summary: "The stored explanation could not be read.", checks: [] };
  }
  const { workspaceId: _w, explanation: _e, ...rest } = row;
  return { ...rest, at: row.at.toISOString(), explanation };
}
