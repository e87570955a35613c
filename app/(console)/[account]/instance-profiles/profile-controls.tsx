"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/app/server/action-client";
import type { ActingChoice } from "@/lib/compute/acting-principals";
import { consoleKeys } from "@/components/area-query";
import { ActingAsSelect } from "@/components/compute/acting-as-select";
import { Refusal } from "@/components/compute/refusal";
import { addRoleToInstanceProfileAction, createInstanceProfileAction, deleteInstanceProfileAction, removeRoleFromInstanceProfileAction } from "./actions";

const button = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-50";

function useCall(account: string) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: ActionError; operation: string } | null>(null);
  const [pending, startTransition] = useTransition();
  function perform<T>(operation: string, call: () => Promise<ActionResult<T>>, then?: (data: T) => void) {
    setFailure(null);
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        await queryClient.invalidateQueries({ queryKey: consoleKeys.account(account) });
        if (then) then(result.data);
        else router.refresh();
      } else setFailure({ error: result.error, operation });
    });
  }
  return { failure, pending, perform, router };
}

/** CreateInstanceProfile as a chosen principal. */
export function CreateInstanceProfileForm({ account, choices }: { account: string; choices: ActingChoice[] }) {
  const { failure, pending, perform, router } = useCall(account);
  const [actingAs, setActingAs] = useState(choices[0]?.value ?? "root");
  const [name, setName] = useState("");
  const nameId = useId();
  return (
    <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); perform("CreateInstanceProfile", () => createInstanceProfileAction({ accountId: account, actingAs, name, path: "/" }), (d) => router.push(`/${account}/instance-profiles/${encodeURIComponent(d.name)}`)); }}>
      <div className="grid gap-3 md:grid-cols-[18rem_18rem_auto] md:items-end">
        <ActingAsSelect choices={choices} value={actingAs} onChange={setActingAs} />
        <div>
          <label htmlFor={nameId} className="block text-xs font-medium text-slate-600">Instance profile name</label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} placeholder="web-app" className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
        <button type="submit" disabled={pending || !name} className={`${button} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`}>Create instance profile</button>
      </div>
      {failure && <Refusal error={failure.error} operation={failure.operation} />}
    </form>
  );
}

/** The profile's one role: add (PassRole checked; a second role is LimitExceeded), remove; delete the profile. */
export function ProfileRoleControls({ account, profileName, currentRole, roles, choices }: { account: string; profileName: string; currentRole: string | null; roles: string[]; choices: ActingChoice[] }) {
  const { failure, pending, perform, router } = useCall(account);
  const [actingAs, setActingAs] = useState(choices[0]?.value ?? "root");
  const [role, setRole] = useState(roles.find((r) => r !== currentRole) ?? "");
  const roleId = useId();
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-[18rem_18rem_auto] md:items-end">
        <ActingAsSelect choices={choices} value={actingAs} onChange={setActingAs} />
        <div>
          <label htmlFor={roleId} className="block text-xs font-medium text-slate-600">Role</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {roles.map((r) => <option key={r}>{r}</option>)}
          </select>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" disabled={pending || !role} className={`${button} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`} onClick={() => perform("AddRoleToInstanceProfile", () => addRoleToInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName, roleName: role }))}>Add role</button>
          {currentRole && <button type="button" disabled={pending} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} onClick={() => perform("RemoveRoleFromInstanceProfile", () => removeRoleFromInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName, roleName: currentRole }))}>Remove {currentRole}</button>}
          <button type="button" disabled={pending} className={`${button} border-rose-200 bg-white text-rose-700 hover:bg-rose-50`} onClick={() => perform("DeleteInstanceProfile", () => deleteInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName }), () => router.push(`/${account}/instance-profiles`))}>Delete profile</button>
        </div>
      </div>
      <p className="text-xs text-slate-500">A profile holds one role (a second is refused with LimitExceeded); adding one needs <code className="font-mono">iam:PassRole</code> on it; a profile holding a role cannot be deleted (DeleteConflict).</p>
      {failure && <Refusal error={failure.error} operation={failure.operation} />}
    </div>
  );
}
