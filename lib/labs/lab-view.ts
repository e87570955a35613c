/**
 * The console's lab pages, shaped: what the browser gets of a lab (never its reference solution,
 * nor what a predict card's reveal says before the trainee has answered), the labs list in
 * order, the entities a check talks about, what a browser keeps of a trainee's predictions, and
 * IAM terms marked in a lab's words. Pure TypeScript the browser imports too: the page and the
 * routes hand the lab in.
 */
import { z } from "zod";
import type { LabCheck, LoadedLab } from "./lab-schema";

/** A lab in the labs list. */
export type LabSummary = {
  id: string;
  title: string;
  goal: string;
  stories: string[];
  checks: number;
  cards: number;
  hints: number;
  /** The lab this workspace was created for (its directory entry's `lab`). */
  isWorkspaceLab: boolean;
};

/** The labs as the list shows them: the workspace's own lab first, the others in file order. */
export function summarizeLabs(labs: readonly LoadedLab[], workspaceLab: string | null): LabSummary[] {
  const summaries = labs.map((lab) => ({
    id: lab.id,
    title: lab.title,
    goal: lab.goal,
    stories: lab.stories,
    checks: lab.checks.length,
    cards: lab.predict.length,
    hints: lab.hints.length,
    isWorkspaceLab: lab.id === workspaceLab,
  }));
  return [...summaries.filter((s) => s.isWorkspaceLab), ...summaries.filter((s) => !s.isWorkspaceLab)];
}

/** "6 checks · 2 predict cards · 3 hints". */
export function describeLabSize(summary: Pick<LabSummary, "checks" | "cards" | "hints">): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [count(summary.checks, "check"), ...(summary.cards ? [count(summary.cards, "predict card")] : []), ...(summary.hints ? [count(summary.hints, "hint")] : [])].join(" · ");
}

/** What the lab page's browser side gets of a lab: no solution, no card's answer or `why`. */
export type LabPageView = {
  id: string;
  title: string;
  goal: string;
  stories: string[];
  account: string;
  cards: { id: string; question: string }[];
  hints: string[];
  checks: { id: string; title: string }[];
  learned: string;
};

export function labPageView(lab: LoadedLab): LabPageView {
  return {
    id: lab.id,
    title: lab.title,
    goal: lab.goal,
    stories: lab.stories,
    account: lab.account,
    cards: lab.predict.map((card) => ({ id: card.id, question: card.question })),
    hints: lab.hints,
    checks: lab.checks.map((check) => ({ id: check.id, title: check.title })),
    learned: lab.learned,
  };
}

/** An entity a check talks about, by the name the lab uses. */
export type EntityRef = { kind: "role" | "user" | "instance" | "task"; account: string; name: string };

/** A console page an entity opens. */
export type EntityLink = { label: string; href: string };

/** The entity a principal reference of a lab names (`user alice`, `instance indexer`, an IAM ARN), or null for an account root. */
export function principalEntity(ref: string, account: string): EntityRef | null {
  const text = ref.trim();
  const arn = /^arn:aws:iam::(\d{12}):(user|role)\/(?:.*\/)?([^/]+)$/.exec(text);
  if (arn) return { kind: arn[2] as "user" | "role", account: arn[1], name: arn[3] };
  const credentials = /^credentials of instance (.+)$/.exec(text);
  if (credentials) return { kind: "instance", account, name: credentials[1].trim() };
  const named = /^(user|role|instance|task) (.+)$/.exec(text);
  if (named) return { kind: named[1] as EntityRef["kind"], account, name: named[2].trim() };
  return null;
}

/** The roles, users, instances and tasks a check names, each once, in the order it names them. */
export function checkEntities(check: LabCheck, labAccount: string): EntityRef[] {
  const account = ("account" in check && check.account) || labAccount;
  const found: (EntityRef | null)[] = [];
  const role = (name: string | null | undefined) => found.push(name ? { kind: "role", account, name } : null);
  switch (check.kind) {
    case "decision":
    case "caller-side":
    case "workload-credentials":
      found.push(principalEntity(check.principal, ("account" in check && check.account) || labAccount));
      break;
    case "pass-role-only":
      found.push(principalEntity(check.principal, account));
      check.roles.forEach(role);
      break;
    case "role-instance-profiles":
      role(check.role);
      break;
    case "trust":
      role(check.role);
      // The trusted principal is looked up in the lab's account unless the check says otherwise.
      if (!/\.amazonaws\.com$/.test(check.trusts)) found.push(principalEntity(check.trusts, check.trustsAccount ?? labAccount));
      break;
    case "instance-role":
      found.push({ kind: "instance", account, name: check.instance });
      role(check.role);
      break;
    case "instance-metadata":
      found.push({ kind: "instance", account, name: check.instance });
      break;
    case "access-keys":
      found.push({ kind: "user", account, name: check.user });
      break;
    case "task-role":
      found.push({ kind: "task", account, name: check.task });
      role(check.role);
      break;
    case "operation":
    case "no-imdsv1":
      break;
  }
  const seen = new Set<string>();
  return found.filter((ref): ref is EntityRef => {
    if (!ref) return false;
    const key = `${ref.kind}\n${ref.account}\n${ref.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The console page of an entity. `found` is what the caller found for the name: a role's or
 * user's stored name, an instance's or task's id, or null when the workspace holds none (no link:
 * the check's detail says what is missing). Roles and users can be linked by name unlooked-up.
 */
export function entityLink(ref: EntityRef, found?: string | null): EntityLink | null {
  if (found === null) return null;
  const base = `/${ref.account}`;
  const label = `${ref.kind === "task" ? "ECS task" : ref.kind} ${ref.name}`;
  if (ref.kind === "role") return { label, href: `${base}/roles/${encodeURIComponent(found ?? ref.name)}` };
  if (ref.kind === "user") return { label, href: `${base}/users/${encodeURIComponent(found ?? ref.name)}` };
  if (!found) return null;
  return { label, href: `${base}/${ref.kind === "instance" ? "instances" : "ecs-tasks"}/${encodeURIComponent(found)}` };
}

/** The label of the hint button: "Show a hint (1 of 3)", or null once every hint is shown. */
export function hintButtonLabel(shown: number, total: number): string | null {
  return shown < total ? `Show a ${shown === 0 ? "hint" : "next hint"} (${shown + 1} of ${total})` : null;
}

/** The explainer's sentence without the decision word it starts with. */
export function summaryWords(summary: string): string {
  return summary.replace(/^(Allow|ImplicitDeny|ExplicitDeny): /, "");
}

export const predictionAnswers = ["Allow", "Deny"] as const;
export type PredictionAnswer = (typeof predictionAnswers)[number];

const decisionSchema = z.enum(["Allow", "ExplicitDeny", "ImplicitDeny"]);

/** The evaluator's reveal of a card as the predict route sends it (lib/labs/lab-runner.ts PredictReveal). */
export const labRevealSchema = z.object({
  card: z.string(),
  question: z.string(),
  caller: z.string(),
  callerArn: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
  decision: decisionSchema,
  summary: z.string(),
  deciding: z.array(z.string()),
  trace: z.array(
    z.object({
      kind: z.enum(["identity", "resource", "boundary", "session", "scp", "rcp"]),
      policy: z.string(),
      considered: z.boolean(),
      applied: z.array(z.string()),
      words: z.string(),
    }),
  ),
  missing: z.string().optional(),
  nearest: z.object({ statement: z.string(), failures: z.array(z.string()) }).optional(),
  operation: z
    .object({
      step: z.string(),
      succeeded: z.boolean(),
      error: z.string().optional(),
      checks: z.array(z.object({ action: z.string(), resource: z.string(), decision: decisionSchema, words: z.string() })),
    })
    .optional(),
  why: z.string().optional(),
});
export type LabReveal = z.infer<typeof labRevealSchema>;

/** The predict route's answer: the reveal, the trainee's answer and whether it was right. */
export const predictAnswerSchema = z.object({ answer: z.enum(predictionAnswers), right: z.boolean(), reveal: labRevealSchema });
export type PredictAnswer = z.infer<typeof predictAnswerSchema>;

const storedPredictionSchema = predictAnswerSchema.extend({
  askedAt: z.string(),
  /** The card asked again later, on the workspace as it was then. */
  again: z.object({ askedAt: z.string(), reveal: labRevealSchema }).optional(),
});
export type StoredPrediction = z.infer<typeof storedPredictionSchema>;

/** What a browser keeps of a trainee's lab: the cards answered, the hints shown, the checks opened early. */
export const storedLabStateSchema = z.object({
  predictions: z.record(z.string(), storedPredictionSchema).default({}),
  hintsShown: z.number().int().min(0).default(0),
  checksShown: z.boolean().default(false),
});
export type StoredLabState = z.infer<typeof storedLabStateSchema>;

export const emptyLabState: StoredLabState = { predictions: {}, hintsShown: 0, checksShown: false };

/** The browser storage key of a lab in a workspace: the same lab in two workspaces is two trainees' work. */
export function labStateKey(workspace: string, lab: string): string {
  return `roleplay:lab:${workspace}:${lab}`;
}

/** Reads what the browser kept; anything missing, damaged or of another shape is a fresh start, not an error. */
export function parseStoredLabState(text: string | null | undefined): StoredLabState {
  if (!text) return emptyLabState;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return emptyLabState;
  }
  const parsed = storedLabStateSchema.safeParse(value);
  return parsed.success ? parsed.data : emptyLabState;
}

/** Whether every card of the lab has an answer kept. */
export function allCardsAnswered(view: Pick<LabPageView, "cards">, state: StoredLabState): boolean {
  return view.cards.every((card) => state.predictions[card.id] !== undefined);
}

/** A piece of lab text: plain words, `code`, or an IAM term with a glossary entry. */
export type TextPiece = { text: string; code?: true; term?: string };

/** Glossary names too common in lab prose to underline every time they would match. */
const tooCommon = new Set(["role", "profile", "trusts", "session", "sessions", "boundary", "escalation"]);

/**
 * Splits lab text into plain words, `backtick code`, and the first mention of each glossary term
 * (its name or an alias, whole words, any case; a longer name wins where two start together).
 */
export function markLabText(text: string, entries: readonly { term: string; aliases?: readonly string[] }[]): TextPiece[] {
  const pieces: TextPiece[] = [];
  const used = new Set<string>();
  const names = entries.flatMap((entry) => [entry.term, ...(entry.aliases ?? [])].filter((name) => !tooCommon.has(name)).map((name) => ({ name, term: entry.term })));
  text.split(/(`[^`]*`)/).forEach((part, i) => {
    if (!part) return;
    if (i % 2 === 1) return pieces.push({ text: part.slice(1, -1), code: true });
    const lower = part.toLowerCase();
    const found: { start: number; end: number; term: string }[] = [];
    for (const { name, term } of names) {
      const needle = name.toLowerCase();
      for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + 1)) {
        const before = part[at - 1];
        const after = part[at + needle.length];
        if ((before && /[A-Za-z0-9]/.test(before)) || (after && /[A-Za-z0-9]/.test(after))) continue;
        found.push({ start: at, end: at + needle.length, term });
        break;
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let cursor = 0;
    for (const match of found) {
      if (match.start < cursor || used.has(match.term)) continue;
      used.add(match.term);
      if (match.start > cursor) pieces.push({ text: part.slice(cursor, match.start) });
      pieces.push({ text: part.slice(match.start, match.end), term: match.term });
      cursor = match.end;
    }
    if (cursor < part.length) pieces.push({ text: part.slice(cursor) });
  });
  return pieces;
}

/** The state a workspace returns to on reset, in words, from its directory entry's `source`. */
export function describeWorkspaceSource(source: string): string {
  const [kind, ...rest] = source.split(":");
  const name = rest.join(":");
  if (kind === "lab") return `the starting state of lab ${name}`;
  if (kind === "workspace") return `the copy of workspace ${name} it was made from`;
  if (kind === "file") return `the export ${name} it was made from`;
  if (kind === "empty") return "an empty workspace";
  return "a fresh copy of the demo's stories";
}
