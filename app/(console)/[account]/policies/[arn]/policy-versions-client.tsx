"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { deletePolicyAction, deletePolicyVersionAction, setDefaultPolicyVersionAction } from "@/app/server/actions/policy-designer";
import { consoleKeys } from "@/components/area-query";
import { ActionErrorBox, Button } from "@/components/designer/form-controls";
import { ActionFailure, unwrap } from "@/components/designer/designer-query";
import { Badge } from "@/components/ui";
import { formatDate } from "@/components/format";

type Version = { versionId: string; isDefault: boolean; createdAt: string | null };

/** A customer-managed policy's versions: set the default, delete one, create one; and delete the policy. */
export function PolicyVersionsClient({ account, arn, revision, versions, canEdit }: { account: string; arn: string; revision: string; versions: Version[]; canEdit: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: consoleKeys.account(account) });
    router.refresh();
  };
  const setDefault = useMutation({ mutationFn: (versionId: string) => unwrap(setDefaultPolicyVersionAction({ accountId: account, policyArn: arn, expectedRevision: revision, versionId })), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (versionId: string) => unwrap(deletePolicyVersionAction({ accountId: account, policyArn: arn, expectedRevision: revision, versionId })), onSuccess: refresh });
  const removePolicy = useMutation({
    mutationFn: () => unwrap(deletePolicyAction({ accountId: account, policyArn: arn })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: consoleKeys.account(account) });
      router.push(`/${account}/policies`);
    },
  });
  const error = setDefault.error ?? remove.error ?? removePolicy.error;
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100 text-sm" aria-label="Versions">
        {versions.map((v) => (
          <li key={v.versionId} className="flex items-center gap-3 py-2">
            <span className="font-mono">{v.versionId}</span>
            {v.isDefault && <Badge tone="green">default</Badge>}
            <span className="text-xs text-slate-500">{formatDate(v.createdAt)}</span>
            {canEdit && !v.isDefault && (
              <span className="ml-auto flex gap-2">
                <Button disabled={setDefault.isPending} onClick={() => setDefault.mutate(v.versionId)}>Set {v.versionId} as default</Button>
                <Button kind="danger" disabled={remove.isPending} onClick={() => remove.mutate(v.versionId)}>Delete {v.versionId}</Button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {versions.length >= 5 && <p className="text-xs text-amber-800">This policy has the most versions AWS keeps (5). A new version is refused with LimitExceeded until you delete one.</p>}
      {error instanceof ActionFailure && <ActionErrorBox error={error.error} onReload={() => window.location.reload()} />}
      {canEdit && (
        <div className="flex flex-wrap gap-2 pt-2">
          <Link href={`/${account}/policies/${encodeURIComponent(arn)}/new-version`} className="inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500">Create version</Link>
          <Button kind="danger" disabled={removePolicy.isPending} onClick={() => removePolicy.mutate()}>Delete policy</Button>
        </div>
      )}
    </div>
  );
}
