"use client";

import { useState } from "react";
import { putBucketPolicyAction, deleteBucketPolicyAction } from "@/app/server/actions/buckets";
import { useConsoleMutation } from "@/components/console-mutation";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button } from "@/components/designer/form-controls";
import { ActionFailure } from "@/components/designer/designer-query";
import { useConsoleRouter } from "@/components/workspace-link";

/** The bucket policy editor (the designer, as a resource policy): saved with the bucket's compare-and-set on its version. */
export function BucketPolicyClient({ account, bucketName, version, initialText, saved }: { account: string; bucketName: string; version: number; initialText: string; saved: boolean }) {
  const router = useConsoleRouter();
  const [text, setText] = useState(initialText);
  const bucketPath = `/${account}/buckets/${encodeURIComponent(bucketName)}`;
  const save = useConsoleMutation(putBucketPolicyAction, { then: () => bucketPath });
  const remove = useConsoleMutation(deleteBucketPolicyAction, { then: () => bucketPath });
  const failure = save.error ?? remove.error;
  return (
    <div className="space-y-5">
      <PolicyDesigner account={account} policyType="resource" target={{ kind: "bucket", bucketName }} text={text} onTextChange={setText} subject={`bucket ${bucketName}`} />
      {failure instanceof ActionFailure && <ActionErrorBox error={failure.error} onReload={() => window.location.reload()} />}
      <div className="sticky bottom-0 -mx-2 flex items-center justify-between gap-3 border-t border-slate-200 bg-slate-50/95 px-2 py-3 backdrop-blur">
        <span className="flex gap-2">
          <Button onClick={() => router.push(bucketPath)}>Cancel</Button>
          {saved && (
            <Button kind="danger" disabled={remove.isPending} onClick={() => remove.mutate({ accountId: account, bucketName })}>
              {remove.isPending ? "Deleting…" : "Delete the policy"}
            </Button>
          )}
        </span>
        <Button kind="primary" disabled={(saved && text === initialText) || save.isPending} onClick={() => save.mutate({ accountId: account, bucketName, document: text, expectedVersion: version })}>
          {save.isPending ? "Saving…" : "Save bucket policy"}
        </Button>
      </div>
    </div>
  );
}
