"use client";

import { useState } from "react";
import { createAccessKeyAction, deleteAccessKeyAction, updateAccessKeyAction } from "@/app/server/actions/access-keys";
import { useConsoleMutation } from "@/components/console-mutation";
import { IfAllowed } from "@/components/console-permissions";
import { Badge, EmptyState } from "@/components/ui";
import { formatDate } from "@/components/format";
import type { AccessKeyView } from "@/lib/iam/access-keys";
import { CopyButton } from "./copy-button";

/**
 * A user's long-term access keys, as IAM shows them: create (the secret is shown here once, right
 * after creation, and never again), deactivate, activate, delete. At most two per user.
 */
export function AccessKeysPanel({ account, userName, keys }: { account: string; userName: string; keys: AccessKeyView[] }) {
  const create = useConsoleMutation(createAccessKeyAction);
  const update = useConsoleMutation(updateAccessKeyAction);
  const remove = useConsoleMutation(deleteAccessKeyAction);
  const [confirming, setConfirming] = useState<string | null>(null);
  const created = create.data;
  const error = create.error ?? update.error ?? remove.error;
  return (
    <div className="space-y-4">
      {created && (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="new-access-key">
          <p className="font-medium text-amber-900">Access key created. Copy the secret now: this is the only time it is shown.</p>
          <dl className="mt-3 grid gap-2 sm:grid-cols-[10rem_1fr]">
            <dt className="text-xs font-medium text-slate-600">Access key id</dt>
            <dd className="flex items-center gap-2 font-mono text-xs">{created.AccessKeyId} <CopyButton text={created.AccessKeyId} label="Copy the access key id" /></dd>
            <dt className="text-xs font-medium text-slate-600">Secret access key</dt>
            <dd className="flex items-center gap-2 break-all font-mono text-xs">{created.SecretAccessKey} <CopyButton text={created.SecretAccessKey} label="Copy the secret access key" /></dd>
          </dl>
          <p className="mt-3 text-xs text-amber-900">
            Use it with <code className="font-mono">npx roleplay api</code>: <code className="font-mono">AWS_ACCESS_KEY_ID={created.AccessKeyId} AWS_SECRET_ACCESS_KEY=… aws --endpoint-url http://127.0.0.1:4566 sts get-caller-identity</code>
          </p>
          <button type="button" onClick={() => create.reset()} className="mt-3 rounded-md border border-amber-300 px-2 py-1 text-xs text-amber-900 hover:bg-amber-100">I have stored it — hide the secret</button>
        </div>
      )}
      {keys.length === 0 ? (
        <EmptyState title="No access keys">This user has no long-term keys. Applications on EC2 should use a role instead; keys are for code outside AWS, such as the AWS CLI on a laptop.</EmptyState>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Access key id</th>
              <th className="py-1 pr-3 font-medium">Status</th>
              <th className="py-1 pr-3 font-medium">Created</th>
              <th className="py-1 pr-3 font-medium">Last used</th>
              <th className="py-1 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((k) => (
              <tr key={k.AccessKeyId}>
                <td className="py-2 pr-3 font-mono text-xs">{k.AccessKeyId}</td>
                <td className="py-2 pr-3"><Badge tone={k.Status === "Active" ? "green" : "slate"}>{k.Status}</Badge></td>
                <td className="whitespace-nowrap py-2 pr-3">{formatDate(k.CreateDate)}</td>
                <td className="py-2 pr-3 text-xs text-slate-600">{k.LastUsedDate ? `${formatDate(k.LastUsedDate)} (${k.LastUsedService})` : "Never"}</td>
                <td className="py-2">
                  <IfAllowed permission="edit">
                    <span className="flex flex-wrap gap-2">
                      <button type="button" disabled={update.isPending} onClick={() => update.mutate({ accountId: account, userName, accessKeyId: k.AccessKeyId, status: k.Status === "Active" ? "Inactive" : "Active" })} className="rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50" aria-label={`${k.Status === "Active" ? "Deactivate" : "Activate"} ${k.AccessKeyId}`}>
                        {k.Status === "Active" ? "Deactivate" : "Activate"}
                      </button>
                      {confirming === k.AccessKeyId ? (
                        <>
                          <button type="button" disabled={remove.isPending} onClick={() => remove.mutate({ accountId: account, userName, accessKeyId: k.AccessKeyId }, { onSettled: () => setConfirming(null) })} className="rounded-md bg-rose-600 px-2 py-1 text-xs font-medium text-white hover:bg-rose-700 disabled:opacity-50">Delete for good</button>
                          <button type="button" onClick={() => setConfirming(null)} className="rounded-md px-2 py-1 text-xs text-slate-600 hover:underline">Keep</button>
                        </>
                      ) : (
                        <button type="button" onClick={() => setConfirming(k.AccessKeyId)} className="rounded-md border border-rose-200 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50" aria-label={`Delete ${k.AccessKeyId}`}>Delete</button>
                      )}
                    </span>
                  </IfAllowed>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <p role="alert" className="text-sm text-rose-700">{error.message}</p>}
      <IfAllowed permission="edit" note="Creating access keys needs the editor role">
        <button type="button" disabled={create.isPending || keys.length >= 2} onClick={() => create.mutate({ accountId: account, userName })} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
          {create.isPending ? "Creating…" : "Create access key"}
        </button>
        {keys.length >= 2 && <span className="ml-3 text-xs text-slate-500">A user has at most two access keys: delete one first.</span>}
      </IfAllowed>
    </div>
  );
}
