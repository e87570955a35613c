"use client";

import { useState } from "react";
import { useConsoleRouter } from "@/components/workspace-link";
import { updateRoleAction } from "@/app/server/actions/role-designer";
import { useConsoleMutation } from "@/components/console-mutation";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";

/** The trust policy editor: saved with the role's compare-and-set on its version. */
export function TrustPolicyClient({ account, roleName, roleVersion, initialText }: { account: string; roleName: string; roleVersion: number; initialText: string }) {
  const router = useConsoleRouter();
  const [text, setText] = useState(initialText);
  const rolePath = `/${account}/roles/${encodeURIComponent(roleName)}`;
  const update = useConsoleMutation(updateRoleAction, { then: () => rolePath });
  const save = { ...update, mutate: () => update.mutate({ accountId: account, roleName, expectedVersion: roleVersion, trustPolicy: text }) };
  return (
    <div className="space-y-5">
      <PolicyDesigner account={account} policyType="trust" target={{ kind: "trust", roleName }} text={text} onTextChange={setText} subject={`role ${roleName}`} />
      {save.error instanceof ActionFailure && <ActionErrorBox error={save.error.error} onReload={() => window.location.reload()} />}
      <div className="sticky bottom-0 -mx-2 flex items-center justify-between gap-3 border-t border-slate-200 bg-slate-50/95 px-2 py-3 backdrop-blur">
        <Button onClick={() => router.push(rolePath)}>Cancel</Button>
        <Button kind="primary" disabled={text === initialText || save.isPending} onClick={() => save.mutate()}>{save.isPending ? "Saving…" : "Save trust policy"}</Button>
      </div>
    </div>
  );
}
