/**
 * Labs: the files under labs/ (the repository's, and any a trainer adds), their starting state and
 * reference solution applied to a workspace, their checks answered on it, and their predict cards
 * revealed. The workspace is the database the caller hands in (one SQLite file per workspace).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../db/create-client";
import { AppError } from "../errors";
import { projectRoot } from "../env";
import { parseLabText, type LoadedLab, type PredictCard } from "./lab-schema";
import { answerCheck, decisionMatches } from "./lab-checks";
import { answerFromDryRun, askLabRequest, dryRunStep, type LabAnswer, type LabCheckLine } from "./lab-questions";
import { runSteps, type StepResult } from "./lab-steps";
import { requireAccountWorkspace } from "./lab-lookups";

/** Where the repository's labs live. */
export const defaultLabsDir = path.join(projectRoot, "labs");

export type LabDirectory = { labs: LoadedLab[]; problems: string[] };

/** Reads every `*.json` lab of `dir`, sorted by file name; a file that cannot be read is a problem, not an exception. */
export function readLabDirectory(dir: string = defaultLabsDir): LabDirectory {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort();
  } catch (error) {
    return { labs: [], problems: [`${dir}: cannot read the labs folder: ${(error as Error).message}`] };
  }
  const labs: LoadedLab[] = [];
  const problems: string[] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const lab = parseLabText(readFileSync(file, "utf8"), file);
      const other = byId.get(lab.id);
      if (other) {
        problems.push(`${file}: $.id: lab id '${lab.id}' is already used by ${other}`);
        continue;
      }
      byId.set(lab.id, file);
      labs.push(lab);
    } catch (error) {
      problems.push(error instanceof AppError ? error.message : `${file}: ${(error as Error).message}`);
    }
  }
  return { labs, problems };
}

/** Every lab of `dir` (default: the repository's labs/). `InvalidInput` naming each file and JSON path that is wrong. */
export function loadLabs(dir: string = defaultLabsDir): LoadedLab[] {
  const { labs, problems } = readLabDirectory(dir);
  if (problems.length) throw new AppError("InvalidInput", problems.join("\n"), { problems });
  return labs;
}

/** The lab with this id in `dir`, undefined when none (other labs' problems do not hide it). */
export function findLab(id: string, dir: string = defaultLabsDir): LoadedLab | undefined {
  return readLabDirectory(dir).labs.find((lab) => lab.id === id);
}

export type LabRunOptions = {
  /** The audit log's actor (default "roleplay lab ID (start)" / "(solution)"). */
  actor?: string;
  /** The real time the workspace clock is read from (default: now). */
  realNow?: Date;
};

async function runLabSteps(db: Db, lab: LoadedLab, which: "start" | "solution", options: LabRunOptions): Promise<StepResult[]> {
  // The starting state is the demo's: a workspace without the lab's account is not one.
  await requireAccountWorkspace(db, lab.account);
  const steps = which === "start" ? lab.start.steps : lab.solution.steps;
  const realNow = options.realNow;
  return runSteps(db, steps, {
    account: lab.account,
    actor: options.actor ?? `roleplay lab ${lab.id} (${which})`,
    baseDir: path.dirname(lab.file),
    realNow: realNow ? () => realNow : undefined,
  });
}

/**
 * Applies the lab's starting steps to a workspace that holds its `start.from` state (the demo):
 * all in one transaction, so a step that fails (LabStepError) leaves the workspace unchanged.
 */
export function applyLabStart(db: Db, lab: LoadedLab, options: LabRunOptions = {}): Promise<StepResult[]> {
  return runLabSteps(db, lab, "start", options);
}

/** Applies the lab's reference solution, atomically as applyLabStart. */
export function applyLabSolution(db: Db, lab: LoadedLab, options: LabRunOptions = {}): Promise<StepResult[]> {
  return runLabSteps(db, lab, "solution", options);
}

/** One check's result, as `lab check --format json` prints it. */
export type LabCheckResult = { id: string; title: string; pass: boolean; detail: string };

/** The contract's JSON for `lab check` (contracts/classroom.md). */
export type LabCheckReport = { lab: string; workspace: string; passed: number; failed: number; checks: LabCheckResult[] };

/** Answers every check of the lab on the workspace in `db`, named `workspace` in the report. Reads only. */
export async function checkLab(db: Db, lab: LoadedLab, workspace: string, options: LabRunOptions = {}): Promise<LabCheckReport> {
  const realNow = options.realNow ?? new Date();
  const actor = options.actor ?? `roleplay lab ${lab.id} (check)`;
  const checks: LabCheckResult[] = [];
  for (const check of lab.checks) {
    const outcome = await answerCheck(db, lab, check, { realNow, actor });
    checks.push({ id: check.id, title: check.title, pass: outcome.pass, detail: outcome.detail });
  }
  const passed = checks.filter((c) => c.pass).length;
  return { lab: lab.id, workspace, passed, failed: checks.length - passed, checks };
}

/** The evaluator's reveal of a predict card. */
export type PredictReveal = LabAnswer & {
  card: string;
  question: string;
  /** For an operation card: whether the command would succeed, and every check it made. */
  operation?: { step: string; succeeded: boolean; error?: string; checks: LabCheckLine[] };
  why?: string;
};

/** Whether a trainee's answer ("Allow", "Deny", …) is the evaluator's. */
export function predictionIsRight(prediction: string, reveal: Pick<PredictReveal, "decision">): boolean {
  return prediction === "Allow" || prediction === "Deny" || prediction === "ExplicitDeny" || prediction === "ImplicitDeny" ? decisionMatches(prediction, reveal.decision) : false;
}

/**
 * Answers a predict card of `lab` on the workspace in `db`: the evaluator's decision, the layer
 * trace and the deciding statements in plain words. An operation card is run and rolled back.
 */
export async function answerPredictCard(db: Db, lab: LoadedLab, card: PredictCard | string, options: LabRunOptions = {}): Promise<PredictReveal> {
  const found = typeof card === "string" ? lab.predict.find((c) => c.id === card) : card;
  if (!found) throw new AppError("InvalidInput", `Lab ${lab.id} has no predict card ${String(card)} (it has ${lab.predict.map((c) => c.id).join(", ") || "none"})`);
  const realNow = options.realNow ?? new Date();
  const base = { card: found.id, question: found.question, ...(found.why ? { why: found.why } : {}) };
  if (found.request) return { ...base, ...(await askLabRequest(db, found.request, lab.account, realNow)) };
  const run = await dryRunStep(db, found.operation!, { account: lab.account, actor: options.actor ?? `roleplay lab ${lab.id} (predict)`, baseDir: path.dirname(lab.file), realNow: () => realNow });
  const { succeeded, error, checks, ...answer } = answerFromDryRun(run);
  return { ...base, ...answer, operation: { step: run.step, succeeded, ...(error ? { error } : {}), checks } };
}

