/**
 * What a draft policy would change before it is saved: the role's effective-permission summary
 * with the saved document beside the same with the draft, the difference, the actions and resources
 * the draft newly allows (lib/policy/new-access.ts), and the same for every statement of the draft
 * on its own. And "can this role do ACTION on
 * RESOURCE?" against the draft, with the deciding statements located in the draft's text.
 */
import { compilePolicySet, evaluateRequest, type NamedPolicy, type PolicySet } from "../policy/evaluate";
import { findNewAccess, type NewAccess } from "../policy/new-access";
import { PolicyGrammarError } from "../policy/policy-grammar-error";
import { summarizeCompiledPolicySet, type PermissionsSummary } from "../policy/summary";
import { diffSummaries, type SummaryChange } from "../policy/summary-diff";
import { readPolicyText, sameJson, statementLines, type JsonObject } from "./policy-text";

/** The role's policies as saved, and which one the draft replaces (or adds). */
export interface DraftContext {
  /** The role's identity-based policies as saved, by name; the draft's own saved version included. */
  saved: NamedPolicy[];
  boundary?: NamedPolicy;
  /** The name the draft has in `saved` (replaced), or will have (added). */
  draftName: string;
  /** When the draft is the permissions boundary itself. */
  draftIsBoundary?: boolean;
  /** The SCP levels over the role's account (lib/authz's loader), so previews match every other door. */
  scps?: PolicySet["scps"];
  /** For an access check: the resource's own policy and RCPs (lib/authz/resource-policies.ts). */
  resourcePolicy?: NamedPolicy;
  rcps?: PolicySet["rcps"];
}

export type StatementStatus = "added" | "changed" | "unchanged";

export interface StatementPreview {
  index: number;
  sid?: string;
  effect: string;
  status: StatementStatus;
  /** Lines of the statement in the draft text (1-based, inclusive). */
  lines: { from: number; to: number };
  /** Service/access-level pairs this statement changes on its own, against the saved role. */
  changes: SummaryChange[];
  /** What it newly allows on its own, added to the saved role: at most `MAX_NEW_ACCESS` actions, and how many in all. */
  newAccess: NewAccess[];
  newAccessCount: number;
}

const MAX_NEW_ACCESS = 12;

export interface DraftPreview {
  saved: PermissionsSummary;
  draft: PermissionsSummary;
  /** Per service and access level: detail; whether access is new is `newAccess`'s answer. */
  changes: SummaryChange[];
  /** The actions the whole draft newly allows with the resources (at most `MAX_NEW_ACCESS`), and how many. */
  newAccess: NewAccess[];
  newAccessCount: number;
  statements: StatementPreview[];
  removedStatements: { sid?: string; index: number }[];
}

function setWith(context: DraftContext, document: unknown | undefined, extra?: NamedPolicy): PolicySet {
  const replace = (list: NamedPolicy[]) => {
    const others = list.filter((p) => p.name !== context.draftName);
    return document === undefined ? others : [...others, { name: context.draftName, document }];
  };
  const around = { scps: context.scps, resourcePolicy: context.resourcePolicy, rcps: context.rcps };
  if (context.draftIsBoundary) {
    return {
      ...around,
      identityPolicies: [...context.saved, ...(extra ? [extra] : [])],
      permissionsBoundary: document === undefined ? undefined : { name: context.draftName, document },
    };
  }
  return { ...around, identityPolicies: [...replace(context.saved), ...(extra ? [extra] : [])], permissionsBoundary: context.boundary };
}

function statementsOf(document: unknown): JsonObject[] {
  if (typeof document !== "object" || document === null) return [];
  const statement = (document as JsonObject).Statement;
  if (Array.isArray(statement)) return statement as JsonObject[];
  return statement && typeof statement === "object" ? [statement as JsonObject] : [];
}

/** Pairs each draft statement with the saved one it edits: the same Sid, else the same position. */
function classify(saved: JsonObject[], draft: JsonObject[]): { status: StatementStatus; savedIndex?: number }[] {
  const used = new Set<number>();
  return draft.map((statement, i) => {
    const sid = typeof statement.Sid === "string" ? statement.Sid : undefined;
    let match = sid !== undefined ? saved.findIndex((s, j) => !used.has(j) && s.Sid === sid) : -1;
    if (match < 0) match = saved.findIndex((s, j) => !used.has(j) && sameJson(s, statement));
    if (match < 0 && sid === undefined && i < saved.length && !used.has(i) && saved[i].Sid === undefined) match = i;
    if (match < 0) return { status: "added" };
    used.add(match);
    return { status: sameJson(saved[match], statement) ? "unchanged" : "changed", savedIndex: match };
  });
}

/**
 * Previews a draft identity policy or boundary. `draftText` must be valid JSON with a Statement;
 * throws PolicyGrammarError when the draft (or a saved policy) breaks the grammar.
 */
export function previewDraft(context: DraftContext, savedDocument: unknown | undefined, draftText: string): DraftPreview {
  const read = readPolicyText(draftText);
  if (!read.ok) throw new PolicyGrammarError("", read.message);
  const draftDocument = read.policy.document;
  const savedSet = compilePolicySet(setWith(context, savedDocument));
  const draftSet = compilePolicySet(setWith(context, draftDocument));
  const savedSummary = summarizeCompiledPolicySet(savedSet);
  const draftSummary = summarizeCompiledPolicySet(draftSet);
  const draftStatements = statementsOf(draftDocument);
  const savedStatements = statementsOf(savedDocument);
  const classes = classify(savedStatements, draftStatements);
  const lines = statementLines(read.policy);
  const version = draftDocument.Version;
  const statements = draftStatements.map((statement, index): StatementPreview => {
    const { status } = classes[index];
    let changes: SummaryChange[] = [];
    let added = { actions: [] as NewAccess[], count: 0 };
    if (status !== "unchanged") {
      const alone: NamedPolicy = { name: `${context.draftName} (statement ${index})`, document: { ...(version ? { Version: version } : {}), Statement: [statement] } };
      const withStatement = compilePolicySet(
        context.draftIsBoundary ? { ...setWith(context, savedDocument), permissionsBoundary: alone } : setWith(context, savedDocument, alone),
      );
      changes = diffSummaries(savedSummary, summarizeCompiledPolicySet(withStatement));
      added = findNewAccess(savedSet, withStatement, { limit: MAX_NEW_ACCESS });
    }
    return { index, sid: typeof statement.Sid === "string" ? statement.Sid : undefined, effect: String(statement.Effect), status, lines: lines[index] ?? { from: 1, to: 1 }, changes, newAccess: added.actions, newAccessCount: added.count };
  });
  const matched = new Set(classes.map((c) => c.savedIndex).filter((i): i is number => i !== undefined));
  const removedStatements = savedStatements
    .map((s, index) => ({ sid: typeof s.Sid === "string" ? s.Sid : undefined, index }))
    .filter((s) => !matched.has(s.index));
  const whole = findNewAccess(savedSet, draftSet, { limit: MAX_NEW_ACCESS });
  return { saved: savedSummary, draft: draftSummary, changes: diffSummaries(savedSummary, draftSummary), newAccess: whole.actions, newAccessCount: whole.count, statements, removedStatements };
}

export interface AccessCheck {
  decision: string;
  summary: string;
  /** Deciding statements, with their lines when they are in the draft. */
  deciding: { policy: string; statement: number; sid?: string; inDraft: boolean; lines?: { from: number; to: number } }[];
  nearestMisses: { policy: string; statement: number; sid?: string; reason: string; inDraft: boolean; lines?: { from: number; to: number } }[];
}

/**
 * "Can this role do ACTION on RESOURCE?" with the draft in place of its saved version. The caller
 * is a session of the role; `context` supplies condition keys.
 */
export function checkDraftAccess(
  context: DraftContext & { roleSessionArn: string },
  draftText: string,
  request: { action: string; resource: string; resourceAccount?: string; context?: Record<string, string | string[]> },
): AccessCheck {
  const read = readPolicyText(draftText);
  if (!read.ok) throw new PolicyGrammarError("", read.message);
  const lines = statementLines(read.policy);
  const compiled = compilePolicySet(setWith(context, read.policy.document));
  const result = evaluateRequest(compiled, { principal: context.roleSessionArn, action: request.action, resource: request.resource, resourceAccount: request.resourceAccount, context: request.context }, { explain: true });
  const where = (policy: string, statement: number) => (policy === context.draftName ? { inDraft: true, lines: lines[statement] } : { inDraft: false });
  return {
    decision: result.decision,
    summary: result.explanation!.summary,
    deciding: result.decisive.map((ref) => ({ policy: ref.policy, statement: ref.statement, sid: ref.sid, ...where(ref.policy, ref.statement) })),
    nearestMisses: result.explanation!.nearestMisses.map((miss) => ({
      policy: miss.ref.policy,
      statement: miss.ref.statement,
      sid: miss.ref.sid,
      reason: miss.failures[0]?.message ?? "",
      ...where(miss.ref.policy, miss.ref.statement),
    })),
  };
}

/** Principals a trust policy's Allow statements name, for the trust preview. */
export function trustPrincipals(text: string): string[] {
  const read = readPolicyText(text);
  if (!read.ok) return [];
  const out = new Set<string>();
  for (const statement of read.policy.statements.map((s) => s.value)) {
    if (statement.Effect !== "Allow") continue;
    const principal = statement.Principal;
    if (principal === "*") out.add("Anyone (*)");
    else if (principal && typeof principal === "object") {
      for (const [kind, value] of Object.entries(principal)) for (const v of Array.isArray(value) ? value : [value]) out.add(`${kind}: ${String(v)}`);
    }
  }
  return [...out];
}
