"use client";

import { useConsoleRouter } from "@/components/workspace-link";
import { useTransition } from "react";
import { signOutAction } from "@/app/sign-in/actions";

export function SignedInUser({ email, role }: { email: string; role: string }) {
  const router = useConsoleRouter();
  const [pending, startTransition] = useTransition();
  return (
    // The email on a line of its own, the console role beside Sign out: side by side, all three left the role no room.
    <div className="rounded-lg bg-slate-800 px-3 py-2">
      <p className="truncate text-sm text-white" title={email}>{email}</p>
      <div className="mt-1 flex items-center justify-between gap-2">
        <p className="whitespace-nowrap text-xs text-slate-400">Console role: <span className="font-medium text-slate-200">{role}</span></p>
        <button
          type="button"
          disabled={pending}
          onClick={() => startTransition(async () => { await signOutAction({}); router.replace("/sign-in"); router.refresh(); })}
          className="shrink-0 rounded-md border border-slate-600 px-2 py-1 text-xs text-slate-200 hover:bg-slate-700"
        >
          {pending ? "Signing out…" : "Sign out"}
        </button>
      </div>
    </div>
  );
}
