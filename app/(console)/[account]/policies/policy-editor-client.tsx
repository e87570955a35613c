"use client";

import { useState } from "react";
import { useConsoleRouter } from "@/components/workspace-link";
import { createPolicyAction, createPolicyVersionAction } from "@/app/server/actions/policy-designer";
import { useConsoleMutation } from "@/components/console-mutation";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button, Field, fieldInput } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";

type Existing = { arn: string; name: string; revision: string; versionCount: number };

/** Creates a customer-managed policy, or a new version of one (refused past five, as AWS does). */
export function PolicyEditorClient({ account, initialText, existing }: { account: string; initialText: string; existing?: Existing }) {
  const router = useConsoleRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [text, setText] = useState(initialText);
  const [setAsDefault, setSetAsDefault] = useState(true);
  const [saveTried, setSaveTried] = useState(false);
  const createVersion = useConsoleMutation(createPolicyVersionAction, { then: (_, input) => `/${account}/policies/${encodeURIComponent(input.policyArn)}` });
  const create = useConsoleMutation(createPolicyAction, { then: (created) => `/${account}/policies/${encodeURIComponent(created.arn)}` });
  const save = {
    mutate: () => {
      setSaveTried(true);
      if (existing) createVersion.mutate({ accountId: account, policyArn: existing.arn, expectedRevision: existing.revision, document: text, setAsDefault });
      else create.mutate({ accountId: account, name, description, document: text });
    },
    isPending: createVersion.isPending || create.isPending,
    error: createVersion.error ?? create.error,
  };
  const policyName = existing?.name ?? (name || "new-policy");
  return (
    <div className="space-y-5">
      {!existing && (
        <div className="grid max-w-3xl gap-4 md:grid-cols-2">
          <Field label="Policy name" hint="Unique in the account, ignoring case.">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value.trim())} className={fieldInput} placeholder="ReadPhotos" />}</Field>
          <Field label="Description">{(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} className={fieldInput} />}</Field>
        </div>
      )}
      <PolicyDesigner account={account} policyType="identity" target={{ kind: "managed", policyArn: existing?.arn, policyName }} text={text} onTextChange={setText} subject="a role with only this policy" saveTried={saveTried} />
      {save.error instanceof ActionFailure && (
        <div className="space-y-2">
          <ActionErrorBox error={save.error.error} onReload={() => window.location.reload()} />
          {save.error.error.code === "LimitExceeded" && existing && (
            <p className="text-sm text-slate-600">Open the <a className="font-medium text-indigo-700 underline" href={`/${account}/policies/${encodeURIComponent(existing.arn)}#versions`}>policy&apos;s versions</a>, delete one that is not the default, then save again.</p>
          )}
        </div>
      )}
      <div className="sticky bottom-0 -mx-2 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 bg-slate-50/95 px-2 py-3 backdrop-blur">
        <Button onClick={() => router.back()}>Cancel</Button>
        <div className="flex items-center gap-4">
          {existing && <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={setAsDefault} onChange={(e) => setSetAsDefault(e.target.checked)} /> Set as default version</label>}
          <Button kind="primary" disabled={(!existing && !name) || save.isPending} onClick={() => save.mutate()}>{save.isPending ? "Saving…" : existing ? "Save as new version" : "Create policy"}</Button>
        </div>
      </div>
    </div>
  );
}
