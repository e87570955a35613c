"use client";

import { useState } from "react";
import { useConsoleRouter } from "@/components/workspace-link";
import { deleteRolePolicyAction, saveRolePolicyAction } from "@/app/server/actions/role-designer";
import { useConsoleMutation } from "@/components/console-mutation";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button, Field, fieldInput } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";

/** Add or edit one inline policy of a role, saved only if the role is still at the version loaded. */
export function InlinePolicyClient({ account, roleName, roleVersion, policyName, initialText }: { account: string; roleName: string; roleVersion: number; policyName?: string; initialText: string }) {
  const router = useConsoleRouter();
  const [name, setName] = useState(policyName ?? "");
  const [text, setText] = useState(initialText);
  const [saveTried, setSaveTried] = useState(false);
  const rolePath = `/${account}/roles/${encodeURIComponent(roleName)}`;
  const savePolicy = useConsoleMutation(saveRolePolicyAction, { then: () => rolePath });
  const removePolicy = useConsoleMutation(deleteRolePolicyAction, { then: () => rolePath });
  const save = {
    ...savePolicy,
    mutate: () => {
      setSaveTried(true);
      savePolicy.mutate({ accountId: account, roleName, expectedVersion: roleVersion, policyName: name, document: text });
    },
  };
  const remove = { ...removePolicy, mutate: () => removePolicy.mutate({ accountId: account, roleName, expectedVersion: roleVersion, policyName: policyName! }) };
  const error = save.error ?? remove.error;
  const unchanged = policyName !== undefined && text === initialText;
  return (
    <div className="space-y-5">
      {policyName === undefined && (
        <div className="max-w-sm"><Field label="Policy name" hint="Unique among this role's inline policies.">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value.trim())} className={fieldInput} placeholder="read-photos" />}</Field></div>
      )}
      <PolicyDesigner account={account} policyType="identity" target={{ kind: "inline", roleName, policyName: name || "new-policy" }} text={text} onTextChange={setText} subject={`role ${roleName}`} saveTried={saveTried} />
      {error instanceof ActionFailure && <ActionErrorBox error={error.error} onReload={() => window.location.reload()} />}
      <div className="sticky bottom-0 -mx-2 flex items-center justify-between gap-3 border-t border-slate-200 bg-slate-50/95 px-2 py-3 backdrop-blur">
        <div className="flex gap-2">
          <Button onClick={() => router.push(rolePath)}>Cancel</Button>
          {policyName !== undefined && <Button kind="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete policy</Button>}
        </div>
        <div className="flex items-center gap-3">
          {unchanged && <span className="text-xs text-slate-500">No changes</span>}
          <Button kind="primary" disabled={!name || unchanged || save.isPending} onClick={() => save.mutate()}>{save.isPending ? "Saving…" : "Save policy"}</Button>
        </div>
      </div>
    </div>
  );
}
