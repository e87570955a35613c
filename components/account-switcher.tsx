"use client";

import { useConsolePathname, useConsoleRouter } from "@/components/workspace-link";
import { useTransition } from "react";
import { lastAccountCookie } from "@/lib/iam/account-cookie";

export type AccountOption = { id: string; name: string };

/** Switches account while staying in the same area (roles stay roles); details fall back to the list. */
export function AccountSwitcher({ accounts, current }: { accounts: AccountOption[]; current: string }) {
  const router = useConsoleRouter();
  const pathname = useConsolePathname();
  const [pending, startTransition] = useTransition();
  const area = pathname.split("/")[2];
  return (
    <label className="block">
      {/* The account's id on the label's line: one line less in a sidebar short of height. */}
      <span className="mb-0.5 flex items-baseline justify-between text-[11px] font-semibold uppercase leading-4 tracking-wider text-slate-400">
        Account <span className="font-mono text-xs font-normal normal-case tracking-normal">{current}</span>
      </span>
      <select
        aria-label="Account"
        value={current}
        disabled={pending}
        onChange={(e) => {
          const next = e.target.value;
          // Remembered for a year, so that / opens the account chosen last (app/page.tsx).
          document.cookie = `${lastAccountCookie}=${next}; path=/; max-age=31536000; SameSite=Lax`;
          startTransition(() => router.push(`/${next}${area ? `/${area}` : ""}`));
        }}
        className="w-full rounded-md border border-slate-700 bg-slate-800 px-2 py-1 text-sm text-white"
      >
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
}
