"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { revokeSessionAction } from "./actions";

export function RevokeButton({ accountId, accessKeyId }: { accountId: string; accessKeyId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        aria-label={`Revoke ${accessKeyId}`}
        className="rounded-md border border-rose-200 px-2 py-1 text-xs text-rose-700 hover:bg-rose-50 disabled:opacity-50"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await revokeSessionAction({ accountId, accessKeyId });
            if (result.ok) router.refresh();
            else setError(result.error.message);
          })
        }
      >
        Revoke
      </button>
      {error && <span role="alert" className="text-xs text-rose-700">{error}</span>}
    </span>
  );
}
