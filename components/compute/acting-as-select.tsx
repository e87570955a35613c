"use client";

import { useId } from "react";
import type { ActingChoice } from "@/lib/compute/acting-principals";

/** Who performs the call: the account's administrator, or one of its users or roles. */
export function ActingAsSelect({ choices, value, onChange, label = "Acting as" }: { choices: ActingChoice[]; value: string; onChange: (value: string) => void; label?: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
        <optgroup label="Administrator">
          {choices.filter((c) => c.kind === "root").map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </optgroup>
        <optgroup label="IAM users">
          {choices.filter((c) => c.kind === "user").map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </optgroup>
        <optgroup label="IAM roles (as a session)">
          {choices.filter((c) => c.kind === "role").map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
        </optgroup>
      </select>
    </div>
  );
}
