"use client";

import { useId, useState } from "react";
import Link from "@/components/workspace-link";
import { EmptyState, Section } from "@/components/ui";
import { Button, fieldInput } from "@/components/designer/form-controls";
import { postJsonLines } from "@/components/fetch-json";
import { useAfterChange } from "@/components/console-mutation";
import { classNameSchema, classWorkspaceNames } from "@/lib/workspaces/classroom-names";
import type { ClassProgress, ClassRow, ClassRowState } from "@/lib/workspaces/classroom";
import type { AssignableUser, LabChoice } from "./workspaces-client";

type Run = { className: string; lab: string | null; rows: ClassRow[]; state: "running" | "done" | "failed"; message?: string };

/** What the class route streams: its progress, then how it ended. */
type ClassEvent = ClassProgress | { type: "done"; ok: boolean; message?: string; rows: ClassRow[] };

const stateText: Record<ClassRowState, { text: string; tone: string }> = {
  waiting: { text: "Waiting", tone: "text-slate-500" },
  creating: { text: "Creating…", tone: "text-sky-700" },
  created: { text: "Created and assigned", tone: "text-emerald-700" },
  failed: { text: "Failed", tone: "text-rose-700" },
  removed: { text: "Deleted again", tone: "text-amber-800" },
  "not made": { text: "Not made", tone: "text-slate-500" },
};

/**
 * "Create a class": a workspace per trainee from a lab (or the demo), each assigned to its
 * trainee. The route streams each workspace's progress; when one fails, none is kept.
 */
export function ClassForm({ account, labs, trainees, taken }: { account: string; labs: LabChoice[]; trainees: AssignableUser[]; taken: string[] }) {
  const afterChange = useAfterChange();
  const [className, setClassName] = useState("");
  const [lab, setLab] = useState(labs[0]?.id ?? "");
  const [picked, setPicked] = useState<string[]>([]);
  const [run, setRun] = useState<Run | null>(null);
  const nameId = useId();
  const labId = useId();
  const hintId = useId();
  const running = run?.state === "running";
  const nameCheck = classNameSchema.safeParse(className);
  const nameError = className && !nameCheck.success ? nameCheck.error.issues[0].message : undefined;
  const preview = nameCheck.success ? classWorkspaceNames(nameCheck.data, picked) : [];
  const clashes = preview.filter((r) => taken.includes(r.workspace));

  function update(event: ClassEvent, current: Run): Run {
    if (event.type === "plan") return { ...current, rows: event.rows };
    if (event.type === "row") return { ...current, rows: current.rows.map((r, i) => (i === event.index ? event.row : r)) };
    return { ...current, rows: event.rows.length ? event.rows : current.rows, state: event.ok ? "done" : "failed", message: event.message };
  }

  async function submit() {
    if (!nameCheck.success) return;
    let current: Run = { className: nameCheck.data, lab: lab || null, rows: preview.map((r) => ({ ...r, state: "waiting" })), state: "running" };
    setRun(current);
    try {
      const answer = await postJsonLines("/api/classroom/classes", { className: current.className, lab: current.lab, trainees: picked }, (event) => {
        current = update(event as ClassEvent, current);
        setRun(current);
      });
      if (!answer.ok) {
        const response = answer.response;
        const body = (await response.json().catch(() => null)) as { message?: string; details?: { rows?: ClassRow[] } } | null;
        setRun({ ...current, rows: body?.details?.rows ?? current.rows.map((r) => ({ ...r, state: "not made" })), state: "failed", message: body?.message ?? `The class was not created (the console answered ${response.status}).` });
        return;
      }
      if (current.state === "running") setRun({ ...current, state: "failed", message: "The connection ended before the class was finished. Reload the page to see which workspaces exist." });
    } catch {
      setRun({ ...current, state: "failed", message: "The console could not be reached. Reload the page to see which workspaces exist." });
    }
    await afterChange();
  }

  if (trainees.length === 0) {
    return (
      <Section id="create-class" title="Create a class">
        <EmptyState title="No trainee to put in a class yet">An administrator adds people on the People page with the console role trainee (or auditor).</EmptyState>
      </Section>
    );
  }

  const made = run?.rows.filter((r) => r.state === "created").length ?? 0;
  return (
    <Section id="create-class" title="Create a class" description="One workspace per trainee, named <class>-<their email's local part>, made from the lab and assigned to that trainee alone. If one cannot be made, none is kept.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset disabled={running} className="flex flex-wrap items-start gap-3">
          <div>
            <label htmlFor={nameId} className="block text-xs font-medium text-slate-600">Class name</label>
            <input id={nameId} required value={className} onChange={(e) => setClassName(e.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? hintId : undefined} placeholder="e.g. iam-101" className={`!w-56 ${fieldInput}`} />
            {nameError && <p id={hintId} className="mt-1 text-xs text-rose-700">{nameError}</p>}
          </div>
          <div>
            <label htmlFor={labId} className="block text-xs font-medium text-slate-600">Lab</label>
            <select id={labId} value={lab} onChange={(e) => setLab(e.target.value)} className={`!w-80 ${fieldInput}`}>
              {labs.map((l) => <option key={l.id} value={l.id}>{l.title}</option>)}
              <option value="">No lab: a fresh copy of the demo</option>
            </select>
          </div>
        </fieldset>
        <fieldset disabled={running}>
          <legend className="text-xs font-medium text-slate-600">
            Trainees <span className="font-normal text-slate-500">({picked.length} of {trainees.length} picked)</span>
          </legend>
          <div className="mt-1 flex gap-2 text-xs">
            <button type="button" onClick={() => setPicked(trainees.map((t) => t.email))} className="font-medium text-indigo-700 hover:underline">Pick all</button>
            <button type="button" onClick={() => setPicked([])} className="font-medium text-indigo-700 hover:underline">Pick none</button>
          </div>
          <ul className="mt-2 grid gap-1.5 sm:grid-cols-2 lg:grid-cols-3">
            {trainees.map((t) => (
              <li key={t.email}>
                <label className="flex items-start gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-50">
                  <input
                    type="checkbox"
                    className="mt-1"
                    checked={picked.includes(t.email)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? trainees.map((u) => u.email).filter((x) => x === t.email || p.includes(x)) : p.filter((x) => x !== t.email)))}
                  />
                  <span className="min-w-0">
                    <span className="block truncate">{t.email}{t.role !== "trainee" && <span className="text-slate-500"> ({t.role})</span>}</span>
                    <span className="block truncate text-xs text-slate-500">{t.workspaces.length ? `in ${t.workspaces.join(", ")}` : "in no workspace yet"}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {preview.length > 0 && !run && (
          <p className="text-xs text-slate-600">
            Makes {preview.map((r) => r.workspace).join(", ")}.
            {clashes.length > 0 && <span className="text-rose-700"> {clashes.map((r) => r.workspace).join(", ")} {clashes.length === 1 ? "exists" : "exist"} already: pick another class name.</span>}
          </p>
        )}
        <div className="flex items-center gap-3">
          <Button type="submit" kind="primary" disabled={running || !nameCheck.success || picked.length === 0 || clashes.length > 0}>
            {running ? "Creating the class…" : `Create class${picked.length ? ` of ${picked.length}` : ""}`}
          </Button>
          {run && !running && (
            <Button onClick={() => setRun(null)}>Start another</Button>
          )}
        </div>
      </form>
      {run && (
        <div className="mt-5 border-t border-slate-100 pt-4">
          <div className="flex items-center gap-3">
            <progress max={run.rows.length} value={made} aria-label={`Class ${run.className}: workspaces made`} className="h-2 w-48 overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600" />
            <p role="status" className="text-sm text-slate-700">
              {run.state === "running" && `Class ${run.className}: ${made} of ${run.rows.length} workspaces made…`}
              {run.state === "done" && `Class ${run.className} is ready: ${run.rows.length} workspaces, each assigned to its trainee.`}
              {run.state === "failed" && `Class ${run.className} was not created.`}
            </p>
          </div>
          {run.state === "failed" && run.message && <p role="alert" className="mt-3 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">{run.message}</p>}
          {run.state === "done" && run.lab && (
            <p className="mt-3 text-sm">
              <Link href={`/${account}/workspaces/progress?lab=${encodeURIComponent(run.lab)}&class=${encodeURIComponent(run.className)}`} className="font-medium text-indigo-700 hover:underline">
                Follow class {run.className} in the trainer&apos;s view →
              </Link>
            </p>
          )}
          <table className="mt-3 w-full text-left text-sm">
            <caption className="sr-only">Workspaces of class {run.className}</caption>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr><th scope="col" className="py-1 font-medium">Trainee</th><th scope="col" className="py-1 font-medium">Workspace</th><th scope="col" className="py-1 font-medium">State</th></tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {run.rows.map((r) => (
                <tr key={r.workspace} className="align-top">
                  <td className="py-1.5 pr-3">{r.email}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{r.workspace}</td>
                  <td className={`py-1.5 ${stateText[r.state].tone}`}>
                    {r.state === "creating" && <span aria-hidden className="mr-1.5 inline-block h-2 w-2 animate-pulse rounded-full bg-sky-500" />}
                    {stateText[r.state].text}
                    {r.error && <span className="block text-xs text-rose-700">{r.error}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
