"use client";

import { useAfterChange } from "@/components/console-mutation";
import { useState, useTransition } from "react";
import { describeUploadTooLarge, UPLOAD_LIMIT_BYTES, UPLOAD_LIMIT_MB, uploadBytes } from "@/lib/upload-limit";
import { restoreWorkspaceAction } from "./actions";

export function RestoreForm() {
  const afterChange = useAfterChange();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  return (
    <form
      className="space-y-3"
      action={(form) => {
        setMessage(null);
        const file = form.get("file");
        const replace = form.get("replace") === "on";
        startTransition(async () => {
          if (!(file instanceof File) || file.size === 0) return setMessage({ tone: "error", text: "Choose a backup file first." });
          // Checked here too, so a file over the limit is refused with its size rather than cut in transit.
          if (file.size > UPLOAD_LIMIT_BYTES) return setMessage({ tone: "error", text: describeUploadTooLarge(file.size, "The backup") });
          const text = await file.text();
          const bytes = uploadBytes([text]);
          if (bytes > UPLOAD_LIMIT_BYTES) return setMessage({ tone: "error", text: describeUploadTooLarge(bytes, "The backup") });
          const result = await restoreWorkspaceAction({ text, replace });
          if (result.ok) {
            setMessage({ tone: "ok", text: `Restored ${result.data.rows} rows${result.data.replaced ? ", replacing the previous workspace" : ""}.` });
            await afterChange();
          } else setMessage({ tone: "error", text: result.error.message });
        });
      }}
    >
      <label className="block text-sm font-medium text-slate-700">Backup file (at most {UPLOAD_LIMIT_MB} MB)
        <input name="file" type="file" accept="application/json,.json" className="mt-1 block text-sm" />
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input name="replace" type="checkbox" className="h-4 w-4" /> Replace the current workspace (cannot be undone, except by restoring a backup)
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700 disabled:opacity-60">{pending ? "Restoring…" : "Restore"}</button>
      {message && <p role={message.tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-rose-50 text-rose-700" : "bg-emerald-50 text-emerald-800"}`}>{message.text}</p>}
      {pending && <p role="status" className="text-sm text-slate-500">Checking and writing the backup; large workspaces take a few seconds…</p>}
    </form>
  );
}
