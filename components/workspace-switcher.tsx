"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";

/** Moves to another workspace (its first account); the URL carries the choice, so links share it. */
export function WorkspaceSwitcher({ workspaces, current }: { workspaces: string[]; current: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="block">
      <span className="mb-0.5 block text-[11px] font-semibold uppercase leading-4 tracking-wider text-slate-400">Workspace</span>
      <select
        aria-label="Workspace"
        value={current}
        disabled={pending || workspaces.length < 2}
        onChange={(e) => {
          const next = e.target.value;
          startTransition(() => router.push(`/w/${encodeURIComponent(next)}`));
        }}
        className="w-full rounded-md border border-slate-700 bg-slate-800 px-2 py-1 text-sm text-white disabled:opacity-80"
      >
        {workspaces.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}
