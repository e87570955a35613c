"use client";

import { useId, useState, useTransition } from "react";
import Link from "@/components/workspace-link";
import { Badge, EmptyState, Section } from "@/components/ui";
import { formatDate, plural } from "@/components/format";
import { Button, fieldInput } from "@/components/designer/form-controls";
import type { ActionResult } from "@/app/server/action-client";
import { useAfterChange } from "@/components/console-mutation";
import type { WorkspaceChange, WorkspaceOverview } from "@/lib/workspaces/classroom";
import { assignWorkspaceMembersAction, createWorkspaceAction, deleteWorkspaceAction, renameWorkspaceAction, resetWorkspaceAction } from "./actions";
import { ClassForm } from "./class-form";
import { relativeTime } from "./relative-time";
import { ScrollArea } from "@/components/scroll-area";

export type LabChoice = { id: string; title: string };
export type AssignableUser = { email: string; role: string; workspaces: string[] };
type Message = { tone: "error" | "ok"; text: string; link?: { href: string; label: string } };

/** What a workspace was made from, in words. */
function describeSource(source: string): string {
  if (source === "demo") return "a copy of the demo";
  if (source === "empty") return "empty";
  if (source.startsWith("workspace:")) return `a copy of ${source.slice("workspace:".length)}`;
  if (source.startsWith("file:")) return `the export ${source.slice("file:".length)}`;
  // The Lab column names it.
  if (source.startsWith("lab:")) return "its lab's start";
  return source;
}

/** A change's author as a person reads it: the console user or CLI caller, without the principal they acted as. */
function author(actor: string): string {
  return actor.split(" as arn:")[0];
}

export function LastChange({ change, now }: { change: WorkspaceChange | null; now: string }) {
  if (!change) return <span className="text-slate-500">No change recorded</span>;
  const when = <time dateTime={change.at} title={formatDate(change.at)} className="block text-xs text-slate-500">{relativeTime(change.at, now)}</time>;
  const what = `${author(change.actor)} · ${change.action}${change.entity ? ` ${change.entity}` : ""}`;
  // Entries from its making (a lab's starting steps) say nothing about what a trainee did.
  if (!change.sinceCreated) return <span className="text-slate-500" title={`Newest entry: ${what}`}>Not changed since it was made</span>;
  return (
    <span className="block min-w-0">
      <span className="block break-words">
        <span className="font-medium" title={change.actor}>{author(change.actor)}</span> · {change.action}
        {change.entity && <span className="text-slate-600"> {change.entity}</span>}
      </span>
      {when}
    </span>
  );
}

/** The Workspaces page: every workspace with its row actions, and the forms that make one or a class. */
export function WorkspacesClient({ account, current, now, workspaces, labs, trainees }: { account: string; current: string; now: string; workspaces: WorkspaceOverview[]; labs: LabChoice[]; trainees: AssignableUser[] }) {
  const afterChange = useAfterChange();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<Message | null>(null);

  /** Runs an action; on success says so and renders the page anew (or moves to `then`'s path). */
  function run<T>(work: () => Promise<ActionResult<T>>, success: (data: T) => Message, then?: (data: T) => string | undefined) {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (!result.ok) {
        setMessage({ tone: "error", text: result.error.message });
        return;
      }
      setMessage(success(result.data));
      await afterChange(then?.(result.data));
    });
  }

  // The page's own workspace deleted or renamed: stay on this page, in a workspace that exists.
  const demoAccount = workspaces.find((w) => w.name === "demo")?.accounts[0];
  const afterLeaving = (name: string, to?: WorkspaceOverview) => {
    if (name !== current) return undefined;
    const target = to ?? workspaces.find((w) => w.name === "demo");
    const targetAccount = to ? (to.accounts.includes(account) ? account : to.accounts[0]) : demoAccount;
    return target && targetAccount ? `/w/${target.name}/${targetAccount}/workspaces` : "/";
  };

  const actions: RowActions = {
    pending,
    reset: (name) => run(() => resetWorkspaceAction({ name }), () => ({ tone: "ok", text: `${name} is back to the state it was made from. Its audit log is kept and records the reset.` })),
    rename: (name, newName) =>
      run(
        () => renameWorkspaceAction({ name, newName }),
        (w) => ({ tone: "ok", text: `${name} is now ${w.name}. Links to the old name no longer open it.` }),
        (w) => afterLeaving(name, { ...w, lastChange: null }),
      ),
    remove: (name) => run(() => deleteWorkspaceAction({ name }), () => ({ tone: "ok", text: `${name} was deleted, with its file and its assignments.` }), () => afterLeaving(name)),
    assign: (name, email) => run(() => assignWorkspaceMembersAction({ name, emails: [email] }), () => ({ tone: "ok", text: `${email} may now work in ${name}.` })),
    unassign: (name, email) => run(() => assignWorkspaceMembersAction({ name, emails: [email], remove: true }), () => ({ tone: "ok", text: `${email} was taken off ${name}.` })),
  };

  return (
    <>
      <div aria-live="polite">
        {message && (
          <p role={message.tone === "error" ? "alert" : "status"} className={`mb-4 rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-rose-50 text-rose-800" : "bg-emerald-50 text-emerald-900"}`}>
            {message.text}
            {message.link && (
              <>
                {" "}
                <Link href={message.link.href} className="font-medium underline underline-offset-2">{message.link.label}</Link>
              </>
            )}
          </p>
        )}
      </div>
      <Section id="workspaces" title={`Workspaces (${workspaces.length})`} description="The demo lives in the console's own database and cannot be deleted; every other workspace is a file of its own.">
        {workspaces.length === 0 ? (
          <EmptyState title="No workspace yet">Create one below, or a class of them.</EmptyState>
        ) : (
          <ScrollArea label="Workspaces" className="-mx-5 overflow-x-auto px-5">
            <table className="w-full min-w-[56rem] text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Workspace</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Accounts</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Lab</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Members</th>
                  <th scope="col" className="py-1 pr-3 font-medium">Last change</th>
                  <th scope="col" className="py-1 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {workspaces.map((w) => (
                  <WorkspaceRow key={w.name} workspace={w} current={current} now={now} labs={labs} trainees={trainees} actions={actions} />
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Section>
      <CreateWorkspaceForm
        workspaces={workspaces.map((w) => w.name)}
        labs={labs}
        pending={pending}
        onCreate={(name, source) =>
          run(
            () => createWorkspaceAction({ name, source }),
            (w) => ({ tone: "ok", text: `${w.name} was created.`, link: { href: `/w/${w.name}`, label: `Open ${w.name} →` } }),
          )
        }
      />
      <ClassForm account={account} labs={labs} trainees={trainees} taken={workspaces.map((w) => w.name)} />
    </>
  );
}

type RowActions = {
  pending: boolean;
  reset: (name: string) => void;
  rename: (name: string, newName: string) => void;
  remove: (name: string) => void;
  assign: (name: string, email: string) => void;
  unassign: (name: string, email: string) => void;
};

function WorkspaceRow({ workspace: w, current, now, labs, trainees, actions }: { workspace: WorkspaceOverview; current: string; now: string; labs: LabChoice[]; trainees: AssignableUser[]; actions: RowActions }) {
  const [mode, setMode] = useState<"reset" | "rename" | "delete" | null>(null);
  const [newName, setNewName] = useState(w.name);
  const [pick, setPick] = useState("");
  const renameId = useId();
  const pickId = useId();
  const labTitle = w.lab ? (labs.find((l) => l.id === w.lab)?.title ?? w.lab) : null;
  const candidates = trainees.filter((t) => !w.members.includes(t.email));
  const isDemo = w.name === "demo";
  return (
    <tr className="align-top">
      <th scope="row" className="py-2.5 pr-3 text-left font-normal">
        <Link href={`/w/${encodeURIComponent(w.name)}`} className="font-medium text-indigo-700 underline-offset-2 hover:underline" aria-label={`Open workspace ${w.name}`}>
          {w.name}
        </Link>{" "}
        {w.name === current && <Badge tone="indigo" title="The workspace this page is in">current</Badge>}
        <span className="block text-xs text-slate-500" title={`Made by ${w.createdBy || "setup"}`}>
          From {describeSource(w.source)} · <span className="whitespace-nowrap">{formatDate(w.createdAt)}</span>
        </span>
      </th>
      <td className="py-2.5 pr-3 text-slate-700">
        {w.accounts.length ? (
          <ul className="space-y-0.5">
            {w.accounts.map((a) => (
              <li key={a}>
                <span className="whitespace-nowrap">{w.accountNames[a] ?? a}</span> <span className="font-mono text-xs text-slate-500">{a}</span>
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-slate-500">none</span>
        )}
      </td>
      <td className="py-2.5 pr-3">{labTitle ?? <span className="text-slate-500">—</span>}</td>
      <td className="py-2.5 pr-3">
        {w.members.length === 0 && <span className="block text-slate-500">Nobody assigned</span>}
        <ul className="space-y-1">
          {w.members.map((email) => (
            <li key={email} className="flex items-center gap-1">
              <span className="truncate">{email}</span>
              <button type="button" disabled={actions.pending} onClick={() => actions.unassign(w.name, email)} aria-label={`Take ${email} off ${w.name}`} title={`Take ${email} off ${w.name}`} className="rounded px-1 text-slate-500 hover:bg-rose-50 hover:text-rose-700 disabled:opacity-50">
                ×
              </button>
            </li>
          ))}
        </ul>
        {candidates.length > 0 && (
          <form
            className="mt-1.5 flex items-center gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (pick) actions.assign(w.name, pick);
              setPick("");
            }}
          >
            <label htmlFor={pickId} className="sr-only">Trainee to assign to {w.name}</label>
            <select id={pickId} value={pick} onChange={(e) => setPick(e.target.value)} className="w-40 rounded-md border border-slate-300 bg-white px-1.5 py-1 text-xs">
              <option value="">Assign a trainee…</option>
              {candidates.map((t) => (
                <option key={t.email} value={t.email}>{t.email}{t.role !== "trainee" ? ` (${t.role})` : ""}</option>
              ))}
            </select>
            <button type="submit" disabled={!pick || actions.pending} className="rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50 disabled:opacity-50">Assign</button>
          </form>
        )}
      </td>
      <td className="py-2.5 pr-3"><LastChange change={w.lastChange} now={now} /></td>
      <td className="py-2.5">
        {mode === null && (
          <div className="flex justify-end gap-1.5 whitespace-nowrap">
            <Button className="!px-2.5 !py-1 !text-xs" disabled={actions.pending} onClick={() => setMode("reset")} aria-label={`Reset ${w.name}`}>Reset</Button>
            {!isDemo && <Button className="!px-2.5 !py-1 !text-xs" disabled={actions.pending} onClick={() => { setNewName(w.name); setMode("rename"); }} aria-label={`Rename ${w.name}`}>Rename</Button>}
            {!isDemo && <Button kind="danger" className="!px-2.5 !py-1 !text-xs" disabled={actions.pending} onClick={() => setMode("delete")} aria-label={`Delete ${w.name}`}>Delete</Button>}
          </div>
        )}
        {mode === "reset" && (
          <Confirm
            text={`Put ${w.name} back as it was made? Every change in it is undone; its audit log is kept.`}
            confirm={`Reset ${w.name} now`}
            pending={actions.pending}
            onConfirm={() => { actions.reset(w.name); setMode(null); }}
            onCancel={() => setMode(null)}
          />
        )}
        {mode === "delete" && (
          <Confirm
            text={`Delete ${w.name}, its file and its assignments? This cannot be undone.`}
            confirm={`Delete ${w.name} now`}
            danger
            pending={actions.pending}
            onConfirm={() => { actions.remove(w.name); setMode(null); }}
            onCancel={() => setMode(null)}
          />
        )}
        {mode === "rename" && (
          <form
            className="ml-auto flex w-56 flex-col gap-1.5"
            onSubmit={(e) => {
              e.preventDefault();
              actions.rename(w.name, newName.trim());
              setMode(null);
            }}
          >
            <label htmlFor={renameId} className="text-xs font-medium text-slate-600">New name for {w.name}</label>
            <input id={renameId} autoFocus required maxLength={64} pattern="[A-Za-z0-9._\-]+" title="Letters, digits, '.', '_' and '-'" value={newName} onChange={(e) => setNewName(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
            <div className="flex justify-end gap-1.5">
              <Button className="!px-2.5 !py-1 !text-xs" onClick={() => setMode(null)}>Cancel</Button>
              <Button type="submit" kind="primary" className="!px-2.5 !py-1 !text-xs" disabled={actions.pending || !newName.trim() || newName.trim() === w.name}>Rename</Button>
            </div>
          </form>
        )}
      </td>
    </tr>
  );
}

function Confirm({ text, confirm, danger, pending, onConfirm, onCancel }: { text: string; confirm: string; danger?: boolean; pending: boolean; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div role="group" aria-label={confirm} className="ml-auto flex w-64 flex-col gap-1.5 rounded-md bg-slate-50 p-2 text-xs text-slate-700 ring-1 ring-slate-200">
      <p>{text}</p>
      <div className="flex justify-end gap-1.5">
        <Button className="!px-2.5 !py-1 !text-xs" onClick={onCancel}>Keep it</Button>
        <Button kind={danger ? "danger" : "primary"} className="!px-2.5 !py-1 !text-xs" disabled={pending} onClick={onConfirm} autoFocus>{confirm}</Button>
      </div>
    </div>
  );
}

type SourceValue = { kind: "demo" } | { kind: "empty" } | { kind: "workspace"; name: string } | { kind: "lab"; lab: string };

function parseSource(value: string): SourceValue {
  if (value.startsWith("workspace:")) return { kind: "workspace", name: value.slice("workspace:".length) };
  if (value.startsWith("lab:")) return { kind: "lab", lab: value.slice("lab:".length) };
  return value === "empty" ? { kind: "empty" } : { kind: "demo" };
}

function CreateWorkspaceForm({ workspaces, labs, pending, onCreate }: { workspaces: string[]; labs: LabChoice[]; pending: boolean; onCreate: (name: string, source: SourceValue) => void }) {
  const nameId = useId();
  const fromId = useId();
  return (
    <Section id="create-workspace" title="Create a workspace" description={`Names are 1–64 letters, digits, '.', '_' or '-'. A workspace takes about a second to make; ${plural(workspaces.length, "workspace")} exist now.`}>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          onCreate(String(form.get("name")).trim(), parseSource(String(form.get("from"))));
        }}
      >
        <div>
          <label htmlFor={nameId} className="block text-xs font-medium text-slate-600">Name</label>
          <input id={nameId} name="name" required maxLength={64} pattern="[A-Za-z0-9._\-]+" title="Letters, digits, '.', '_' and '-'" placeholder="e.g. ana-practice" className={`!w-56 ${fieldInput}`} />
        </div>
        <div>
          <label htmlFor={fromId} className="block text-xs font-medium text-slate-600">From</label>
          <select id={fromId} name="from" defaultValue="demo" className={`!w-72 ${fieldInput}`}>
            <option value="demo">A fresh copy of the demo</option>
            <option value="empty">Empty (no account)</option>
            {labs.length > 0 && (
              <optgroup label="A lab's starting state">
                {labs.map((l) => <option key={l.id} value={`lab:${l.id}`}>{l.title}</option>)}
              </optgroup>
            )}
            <optgroup label="A copy of a workspace as it is now">
              {workspaces.map((name) => <option key={name} value={`workspace:${name}`}>{name}</option>)}
            </optgroup>
          </select>
        </div>
        <Button type="submit" kind="primary" disabled={pending}>{pending ? "Working…" : "Create workspace"}</Button>
      </form>
    </Section>
  );
}
