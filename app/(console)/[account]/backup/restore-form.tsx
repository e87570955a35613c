"use client";

import { useAfterChange } from "@/components/console-mutation";
import { useId, useState, useTransition } from "react";
import { describeUploadTooLarge, UPLOAD_LIMIT_BYTES, UPLOAD_LIMIT_MB, uploadBytes } from "@/lib/upload-limit";
import { restoreWorkspaceAction } from "./actions";

/** Restores a backup over this workspace: offered once a file is chosen and the replacement confirmed. */
export function RestoreForm() {
  const afterChange = useAfterChange();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "error" | "ok"; text: string } | null>(null);
  const [chosen, setChosen] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const ready = chosen && confirmed;
  const needsId = useId();

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
        <input
          name="file"
          type="file"
          accept="application/json,.json"
          onChange={(e) => setChosen(Boolean(e.target.files?.length))}
          className="mt-1 block text-sm font-normal text-slate-600 file:mr-3 file:cursor-pointer file:rounded-md file:border file:border-solid file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
        />
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input name="replace" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="h-4 w-4" /> Replace the current workspace (cannot be undone, except by restoring a backup)
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending || !ready} aria-describedby={ready ? undefined : needsId} className="rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-700 disabled:cursor-not-allowed disabled:opacity-50">{pending ? "Restoring…" : "Restore"}</button>
        {!ready && <span id={needsId} className="text-xs text-slate-600">{chosen ? "Tick the box to confirm the replacement." : confirmed ? "Choose a backup file." : "Choose a backup file and tick the box to confirm."}</span>}
      </div>
      {message && <p role={message.tone === "error" ? "alert" : "status"} className={`rounded-md px-3 py-2 text-sm ${message.tone === "error" ? "bg-rose-50 text-rose-700" : "bg-emerald-50 text-emerald-800"}`}>{message.text}</p>}
      {pending && <p role="status" className="text-sm text-slate-500">Checking and writing the backup; large workspaces take a few seconds…</p>}
    </form>
  );
}
