"use client";

import Link from "@/components/workspace-link";
import { deletePolicyAction, deletePolicyVersionAction, setDefaultPolicyVersionAction } from "@/app/server/actions/policy-designer";
import { useConsoleMutation } from "@/components/console-mutation";
import { ActionErrorBox, Button } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";
import { Badge } from "@/components/ui";
import { formatDate } from "@/components/format";

type Version = { versionId: string; isDefault: boolean; createdAt: string | null };

/** A customer-managed policy's versions: set the default, delete one, create one; and delete the policy. */
export function PolicyVersionsClient({ account, arn, revision, versions, canEdit }: { account: string; arn: string; revision: string; versions: Version[]; canEdit: boolean }) {
  const setDefaultVersion = useConsoleMutation(setDefaultPolicyVersionAction);
  const removeVersion = useConsoleMutation(deletePolicyVersionAction);
  const deletePolicy = useConsoleMutation(deletePolicyAction, { then: () => `/${account}/policies` });
  const setDefault = { ...setDefaultVersion, mutate: (versionId: string) => setDefaultVersion.mutate({ accountId: account, policyArn: arn, expectedRevision: revision, versionId }) };
  const remove = { ...removeVersion, mutate: (versionId: string) => removeVersion.mutate({ accountId: account, policyArn: arn, expectedRevision: revision, versionId }) };
  const removePolicy = { ...deletePolicy, mutate: () => deletePolicy.mutate({ accountId: account, policyArn: arn }) };
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
