/**
 * `roleplay lab list|show|check|solve` (shared contract contracts/classroom.md, "Labs"): the labs
 * under labs/ (or --labs DIR), their checks answered on a workspace, their reference solution
 * applied to it. `--workspace NAME` is resolved to the workspace's database before this runs
 * (lib/cli/workspace-option.ts); here the workspace's name only labels the report.
 */
import { existsSync } from "node:fs";
import { parseVerbCommand } from "../verb-command";
import { readEnv } from "../../env";
import { isAppError } from "../../errors";
import { cliActor } from "../../audit/cli-actor";
import type { LabCheckReport, LoadedLab } from "../../labs";

const help = `Usage:
  roleplay lab list [--format text|json]           the labs: id, title, number of checks
  roleplay lab show LAB                            its goal, predict cards, hints and checks
  roleplay lab check LAB [--workspace NAME] [--format text|json]
                                                   answers every check on the workspace; exit 0 when all
                                                   pass, 1 when any fails, 2 on bad input
  roleplay lab solve LAB [--workspace NAME]        applies the lab's reference solution to the workspace
                                                   (all its steps or, if one fails, none)

Options:
  --workspace NAME   the workspace (default: demo)
  --labs DIR         read the labs from DIR instead of the project's labs/ folder
  --format text|json

Lab files are documented in docs/labs.md; \`roleplay workspace create NAME --lab LAB\` starts a
workspace from a lab's starting state.`;

const verbs = ["list", "show", "check", "solve"] as const;

type Output = { log: (line: string) => void; error: (line: string) => void };
const out: Output = { log: (line) => console.log(line), error: (line) => console.error(line) };

export async function run(argv: string[]): Promise<number> {
  const parsed = parseVerbCommand({ command: "lab", argv, verbs, options: { workspace: { type: "string" }, labs: { type: "string" } }, help });
  if (typeof parsed === "number") return parsed;
  const { verb, format } = parsed;
  const values = parsed.values as { workspace?: string; labs?: string };
  const positionals = parsed.positionals;
  if ((verb === "list" && positionals.length) || (verb !== "list" && positionals.length !== 1)) {
    out.error(`roleplay lab ${verb}: expected ${verb === "list" ? "no arguments" : "one LAB id"}\n\n${help}`);
    return 2;
  }
  const labs = await import("../../labs");
  const dir = values.labs ?? labs.defaultLabsDir;

  if (verb === "list") {
    const { labs: found, problems } = labs.readLabDirectory(dir);
    for (const problem of problems) out.error(`roleplay lab list: ${problem}`);
    if (format === "json") out.log(JSON.stringify(found.map((l) => ({ id: l.id, title: l.title, checks: l.checks.length }))));
    else if (!found.length) out.log(`No labs in ${dir}.`);
    else printTable(found);
    return problems.length ? 2 : 0;
  }

  const id = positionals[0];
  const { labs: found, problems } = labs.readLabDirectory(dir);
  const lab = found.find((l) => l.id === id);
  if (!lab) {
    const broken = problems.length ? `\n${problems.join("\n")}` : "";
    out.error(`roleplay lab ${verb}: there is no lab ${id} in ${dir} (known: ${found.map((l) => l.id).join(", ") || "none"})${broken}`);
    return 2;
  }
  if (verb === "show") {
    printLab(lab);
    return 0;
  }

  const env = readEnv();
  // The CLI resolves --workspace before this command runs (lib/cli/workspace-option.ts); called directly, the option names it.
  const workspace = values.workspace ?? env.workspace;
  if (!existsSync(env.databasePath)) {
    out.error(`roleplay lab ${verb}: workspace ${workspace} has no database at ${env.databasePath} (run roleplay setup, or roleplay workspace create ${workspace})`);
    return 2;
  }
  // Prisma and better-sqlite3 load only past usage errors.
  const { configureSqlite, createPrismaClient } = await import("../../db/create-client");
  const db = createPrismaClient(env.databaseUrl);
  try {
    await configureSqlite(db);
    if (verb === "check") {
      const report = await labs.checkLab(db, lab, workspace, { actor: `${cliActor()} lab ${lab.id} (check)` });
      if (format === "json") out.log(JSON.stringify(report));
      else printReport(lab, report);
      return report.failed ? 1 : 0;
    }
    try {
      const results = await labs.applyLabSolution(db, lab, { actor: `${cliActor()} lab ${lab.id} (solution)` });
      if (format === "json") out.log(JSON.stringify({ lab: lab.id, workspace, steps: results.map((r) => r.step) }));
      else {
        out.log(`Applied the reference solution of ${lab.id} to workspace ${workspace} (${results.length} step${results.length === 1 ? "" : "s"}):`);
        lab.solution.steps.forEach((step, i) => out.log(`  ${i + 1}. roleplay ${labs.describeStep(step)}`));
        out.log(`Check it: roleplay lab check ${lab.id} --workspace ${workspace}`);
      }
      return 0;
    } catch (error) {
      if (error instanceof labs.LabStepError) {
        out.error(`roleplay lab solve: ${error.message}\nNothing was changed: the solution applies to the lab's starting state (reset the workspace first if it has moved on).`);
        return 1;
      }
      throw error;
    }
  } catch (error) {
    if (isAppError(error)) {
      out.error(`roleplay lab ${verb}: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

function printTable(found: LoadedLab[]): void {
  const rows = found.map((l) => [l.id, String(l.checks.length), l.title]);
  const header = ["ID", "CHECKS", "TITLE"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) out.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
}

function printLab(lab: LoadedLab): void {
  out.log(`${lab.title} (${lab.id})`);
  if (lab.stories.length) out.log(`Stories: ${lab.stories.join(", ")}`);
  out.log(`\n${lab.goal}`);
  if (lab.predict.length) {
    out.log("\nPredict first (the console's lab page reveals the evaluator's answers):");
    lab.predict.forEach((card, i) => out.log(`  ${i + 1}. ${card.question}`));
  }
  if (lab.hints.length) {
    out.log("\nHints:");
    lab.hints.forEach((hint, i) => out.log(`  ${i + 1}. ${hint}`));
  }
  out.log("\nChecks:");
  for (const check of lab.checks) out.log(`  - ${check.title} [${check.id}]`);
}

function printReport(lab: LoadedLab, report: LabCheckReport): void {
  out.log(`Lab ${lab.id} on workspace ${report.workspace}: ${report.passed} of ${report.checks.length} checks pass`);
  for (const check of report.checks) {
    out.log(`  ${check.pass ? "PASS" : "FAIL"}  ${check.title} [${check.id}]`);
    out.log(`        ${check.detail}`);
  }
  if (!report.failed) out.log(`\nAll checks pass. What you learned:\n${lab.learned}`);
}
