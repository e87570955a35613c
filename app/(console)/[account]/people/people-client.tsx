"use client";

import { useAfterChange } from "@/components/console-mutation";
import { useState, useTransition } from "react";
import type { ConsoleUserView } from "@/lib/auth/console-users";
import { consoleRoles, isConfinedToAssignedWorkspaces } from "@/lib/auth/console-roles";
import { Badge, Section } from "@/components/ui";
import { formatDate } from "@/components/format";
import { addConsoleUserAction, changeConsoleRoleAction, removeConsoleUserAction, unlockSignInAction } from "./actions";

type Result = { ok: true } | { ok: false; error: { message: string } };

/** `lockedUntil`: when each locked-out person's sign-in lock ends (ISO), by email. */
export function PeopleClient({ users, me, workspaces, lockedUntil }: { users: ConsoleUserView[]; me: string; workspaces: { id: string; name: string }[]; lockedUntil: Record<string, string> }) {
  const afterChange = useAfterChange();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  function run(work: () => Promise<Result | { ok: boolean; error?: { message: string } }>, success: string) {
    setMessage(null);
    startTransition(async () => {
      const result = await work();
      if (result.ok) {
        setMessage({ tone: "ok", text: success });
        await afterChange();
      } else setMessage({ tone: "error", text: result.error?.message ?? "The change failed." });
    });
  }

  const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <>
      {message && (
        <p role={message.tone === "error" ? "alert" : "status"} className={`mb-4 rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-rose-50 text-rose-700" : "bg-emerald-50 text-emerald-800"}`}>{message.text}</p>
      )}
      <Section title={`Console users (${users.length})`}>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-1 font-medium">Email</th><th className="py-1 font-medium">Console role</th><th className="py-1 font-medium">Added</th><th className="py-1 font-medium"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="py-2">
                  {u.email} {u.email === me && <Badge tone="indigo">you</Badge>}{" "}
                  {lockedUntil[u.email] && <Badge tone="red">sign-in locked until {formatDate(lockedUntil[u.email])}</Badge>}
                </td>
                <td className="py-2">
                  <label className="sr-only" htmlFor={`role-${u.id}`}>Console role of {u.email}</label>
                  <select id={`role-${u.id}`} defaultValue={u.role} disabled={pending || u.email === me} className={input} onChange={(e) => run(() => changeConsoleRoleAction({ email: u.email, role: e.target.value as (typeof consoleRoles)[number] }), `${u.email} is now ${e.target.value}; they sign in again.`)}>
                    {consoleRoles.map((r) => <option key={r}>{r}</option>)}
                  </select>
                </td>
                <td className="py-2 text-slate-500">{formatDate(u.createdAt)}</td>
                <td className="space-x-2 py-2 text-right">
                  {lockedUntil[u.email] && (
                    <button type="button" disabled={pending} onClick={() => run(() => unlockSignInAction({ email: u.email }), `${u.email} may sign in again.`)} className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50">Unlock sign-in</button>
                  )}
                  {u.email !== me && (
                    <button type="button" disabled={pending} onClick={() => run(() => removeConsoleUserAction({ email: u.email }), `${u.email} was removed and signed out.`)} className="rounded-md border border-rose-200 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50">Remove</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Add a person" description="Passwords need at least 12 characters. Share them out of band; they are stored only as scrypt hashes. Trainees and auditors start in the demo workspace; a trainer gives them others on the Workspaces page.">
        <form
          className="flex flex-wrap items-end gap-3"
          action={(form) =>
            run(
              () => addConsoleUserAction({ email: String(form.get("email")), role: String(form.get("role")) as (typeof consoleRoles)[number], password: String(form.get("password")), workspaceIds: isConfinedToAssignedWorkspaces(String(form.get("role")) as (typeof consoleRoles)[number]) ? workspaces.filter((w) => w.id === "demo").map((w) => w.id) : [] }),
              `${String(form.get("email"))} was added.`,
            )
          }
        >
          <label className="text-xs font-medium text-slate-600">Email<input name="email" type="email" required className={`mt-1 block w-64 ${input}`} /></label>
          <label className="text-xs font-medium text-slate-600">Console role
            <select name="role" defaultValue="viewer" className={`mt-1 block ${input}`}>{consoleRoles.map((r) => <option key={r}>{r}</option>)}</select>
          </label>
          <label className="text-xs font-medium text-slate-600">Password<input name="password" type="password" minLength={12} required autoComplete="new-password" className={`mt-1 block w-56 ${input}`} /></label>
          <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60">{pending ? "Saving…" : "Add person"}</button>
        </form>
      </Section>
    </>
  );
}
