"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { updateRoleAction } from "@/app/server/actions/role-designer";
import { consoleKeys } from "@/components/area-query";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button } from "@/components/designer/form-controls";
import { ActionFailure, unwrap } from "@/components/designer/designer-query";

/** The trust policy editor: saved with the role's compare-and-set on its version. */
export function TrustPolicyClient({ account, roleName, roleVersion, initialText }: { account: string; roleName: string; roleVersion: number; initialText: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [text, setText] = useState(initialText);
  const rolePath = `/${account}/roles/${encodeURIComponent(roleName)}`;
  const save = useMutation({
    mutationFn: () => unwrap(updateRoleAction({ accountId: account, roleName, expectedVersion: roleVersion, trustPolicy: text })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: consoleKeys.account(account) });
      router.push(rolePath);
      router.refresh();
    },
  });
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
