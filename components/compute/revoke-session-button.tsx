"use client";

import { revokeSessionAction } from "@/app/server/actions/sessions";
import { useConsoleMutation } from "@/components/console-mutation";

/** Revokes one role session; its keys stop working at once. */
export function RevokeSessionButton({ accountId, accessKeyId }: { accountId: string; accessKeyId: string }) {
  const revoke = useConsoleMutation(revokeSessionAction);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={revoke.isPending}
        aria-label={`Revoke ${accessKeyId}`}
        className="rounded-md border border-rose-200 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50 disabled:opacity-50"
        onClick={() => revoke.mutate({ accountId, accessKeyId })}
      >
        Revoke
      </button>
      {revoke.error && <span role="alert" className="text-xs text-rose-700">{revoke.error.message}</span>}
    </span>
  );
}
