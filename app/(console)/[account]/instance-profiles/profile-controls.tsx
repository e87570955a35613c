"use client";

import { useConsoleRouter } from "@/components/workspace-link";
import { useId, useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/app/server/action-client";
import type { PickerStart } from "@/lib/lists/choices";
import { useAfterChange } from "@/components/console-mutation";
import { ActingAsSelect } from "@/components/compute/acting-as-select";
import { EntityPicker } from "@/components/entity-picker";
import { Refusal } from "@/components/compute/refusal";
import { addRoleToInstanceProfileAction, createInstanceProfileAction, deleteInstanceProfileAction, removeRoleFromInstanceProfileAction } from "@/app/server/actions/instance-profiles";

const button = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-50";

function useCall(account: string) {
  const router = useConsoleRouter();
  const afterChange = useAfterChange();
  const [failure, setFailure] = useState<{ error: ActionError; operation: string } | null>(null);
  const [pending, startTransition] = useTransition();
  function perform<T>(operation: string, call: () => Promise<ActionResult<T>>, then?: (data: T) => void) {
    setFailure(null);
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        await afterChange();
        then?.(result.data);
      } else setFailure({ error: result.error, operation });
    });
  }
  return { failure, pending, perform, router };
}

/** CreateInstanceProfile as a chosen principal. */
export function CreateInstanceProfileForm({ account, principals }: { account: string; principals: PickerStart }) {
  const { failure, pending, perform, router } = useCall(account);
  const [actingAs, setActingAs] = useState("root");
  const [name, setName] = useState("");
  const nameId = useId();
  return (
    <form className="space-y-3" onSubmit={(e) => { e.preventDefault(); perform("CreateInstanceProfile", () => createInstanceProfileAction({ accountId: account, actingAs, name, path: "/" }), (d) => router.push(`/${account}/instance-profiles/${encodeURIComponent(d.name)}`)); }}>
      <div className="grid gap-3 md:grid-cols-[18rem_18rem_auto] md:items-end">
        <ActingAsSelect account={account} start={principals} value={actingAs} onChange={setActingAs} />
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

/**
 * The profile's one role: add one to an empty profile (PassRole checked), remove the one it holds;
 * delete the profile. A profile holding a role offers no Add: AWS would refuse a second one
 * (LimitExceeded), so the page says to remove the role first.
 */
export function ProfileRoleControls({ account, profileName, currentRole, roles, principals }: { account: string; profileName: string; currentRole: string | null; roles: PickerStart; principals: PickerStart }) {
  const { failure, pending, perform, router } = useCall(account);
  const [actingAs, setActingAs] = useState("root");
  const [role, setRole] = useState(roles.options?.[0]?.value ?? "");
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-[18rem_18rem_auto] md:items-end">
        <ActingAsSelect account={account} start={principals} value={actingAs} onChange={setActingAs} />
        {currentRole ? (
          <p className="self-center text-sm text-slate-700">A profile holds one role; remove <span className="font-medium">{currentRole}</span> first to put another in.</p>
        ) : (
          <EntityPicker account={account} kind="roles" start={roles} label="Role" value={role} onChange={setRole} />
        )}
        <div className="flex flex-wrap gap-2">
          {currentRole ? (
            <button type="button" disabled={pending} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} onClick={() => perform("RemoveRoleFromInstanceProfile", () => removeRoleFromInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName, roleName: currentRole }))}>Remove {currentRole}</button>
          ) : (
            <button type="button" disabled={pending || !role} className={`${button} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`} onClick={() => perform("AddRoleToInstanceProfile", () => addRoleToInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName, roleName: role }))}>Add role</button>
          )}
          <button type="button" disabled={pending} className={`${button} border-rose-200 bg-white text-rose-700 hover:bg-rose-50`} onClick={() => perform("DeleteInstanceProfile", () => deleteInstanceProfileAction({ accountId: account, actingAs, instanceProfileName: profileName }), () => router.push(`/${account}/instance-profiles`))}>Delete profile</button>
        </div>
      </div>
      <p className="text-xs text-slate-500">Adding a role needs <code className="font-mono">iam:PassRole</code> on it; a profile holding a role cannot be deleted (DeleteConflict).</p>
      {failure && <Refusal error={failure.error} operation={failure.operation} />}
    </div>
  );
}
