"use client";

import { useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/app/server/action-client";
import type { PickerStart } from "@/lib/lists/choices";
import { useAfterChange } from "@/components/console-mutation";
import { ActingAsSelect } from "@/components/compute/acting-as-select";
import { EntityPicker } from "@/components/entity-picker";
import { Refusal } from "@/components/compute/refusal";
import { associateProfileAction, changeInstanceStateAction, disassociateProfileAction, replaceProfileAction } from "@/app/server/actions/instances";

/** Operate the instance as a chosen principal: lifecycle, and its instance profile association. */
export function InstanceOperations({
  account,
  instanceId,
  state,
  association,
  profiles,
  principals,
}: {
  account: string;
  instanceId: string;
  state: string;
  association: { id: string; profileName: string } | null;
  profiles: PickerStart;
  principals: PickerStart;
}) {
  const afterChange = useAfterChange();
  const [actingAs, setActingAs] = useState("root");
  const [profile, setProfile] = useState(profiles.options?.find((p) => p.value !== association?.profileName)?.value ?? "");
  const [failure, setFailure] = useState<{ error: ActionError; operation: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const terminated = state === "terminated" || state === "shutting-down";

  function perform(operation: string, call: () => Promise<ActionResult<unknown>>, success: string) {
    setFailure(null);
    setDone(null);
    startTransition(async () => {
      const result = await call();
      if (result.ok) {
        setDone(success);
        await afterChange();
      } else {
        setFailure({ error: result.error, operation });
      }
    });
  }

  const button = "rounded-md border px-3 py-1.5 text-sm font-medium disabled:opacity-50";
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-[minmax(0,18rem)_1fr]">
        <ActingAsSelect account={account} start={principals} value={actingAs} onChange={setActingAs} label="Perform calls as" />
        <div>
          <p className="text-xs font-medium text-slate-600">Instance state</p>
          <div className="mt-1 flex flex-wrap gap-2">
            <button type="button" disabled={pending || terminated} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} onClick={() => perform("StopInstances", () => changeInstanceStateAction({ accountId: account, actingAs, instanceId, operation: "stop" }), "Stopped.")}>Stop</button>
            <button type="button" disabled={pending || terminated} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} onClick={() => perform("StartInstances", () => changeInstanceStateAction({ accountId: account, actingAs, instanceId, operation: "start" }), "Started.")}>Start</button>
            <button type="button" disabled={pending || terminated} className={`${button} border-rose-200 bg-white text-rose-700 hover:bg-rose-50`} onClick={() => { if (window.confirm(`Terminate ${instanceId}? It lets go of its instance profile.`)) perform("TerminateInstances", () => changeInstanceStateAction({ accountId: account, actingAs, instanceId, operation: "terminate" }), "Terminated."); }}>Terminate</button>
          </div>
        </div>
      </div>
      <div className="rounded-lg border border-slate-200 bg-slate-50 p-3">
        <p className="text-xs font-medium text-slate-600">Instance profile</p>
        <p className="mt-0.5 text-sm text-slate-800">
          {association ? <>Associated: <span className="font-medium">{association.profileName}</span> <span className="font-mono text-xs text-slate-500">{association.id}</span></> : "No instance profile: applications here get no credentials."}
        </p>
        <div className="mt-2 flex flex-wrap items-end gap-2">
          <div className="min-w-72 max-w-full">
            <EntityPicker account={account} kind="instance-profiles" start={profiles} label={association ? "Replace with" : "Associate"} value={profile} onChange={setProfile} />
          </div>
          {association ? (
            <>
              <button type="button" disabled={pending || !profile || terminated} className={`${button} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`} onClick={() => perform("ReplaceIamInstanceProfileAssociation", () => replaceProfileAction({ accountId: account, actingAs, associationId: association.id, instanceProfile: profile }), `Replaced: the instance now gets ${profile}'s role, without a restart.`)}>Replace profile</button>
              <button type="button" disabled={pending} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} onClick={() => perform("DisassociateIamInstanceProfile", () => disassociateProfileAction({ accountId: account, actingAs, associationId: association.id }), "Disassociated.")}>Disassociate</button>
              <button type="button" disabled={pending || !profile || terminated} className={`${button} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`} title="EC2 allows one association per instance: this shows its refusal" onClick={() => perform("AssociateIamInstanceProfile", () => associateProfileAction({ accountId: account, actingAs, instanceId, instanceProfile: profile }), "Associated.")}>Associate another</button>
            </>
          ) : (
            <button type="button" disabled={pending || !profile || terminated} className={`${button} border-indigo-600 bg-indigo-600 text-white hover:bg-indigo-700`} onClick={() => perform("AssociateIamInstanceProfile", () => associateProfileAction({ accountId: account, actingAs, instanceId, instanceProfile: profile }), "Associated.")}>Associate profile</button>
          )}
        </div>
      </div>
      {pending && <p className="text-sm text-slate-500">Calling EC2…</p>}
      {done && <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{done}</p>}
      {failure && <Refusal error={failure.error} operation={failure.operation} />}
    </div>
  );
}
