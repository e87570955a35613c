"use client";

import Link from "@/components/workspace-link";
import { useConsoleRouter } from "@/components/workspace-link";
import { useId, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { importAuthorizationDetailsAction } from "@/app/server/actions/import-authorization-details";
import { consoleKeys } from "@/components/area-query";
import { Badge, Section } from "@/components/ui";
import type { ImportKind, ImportResult } from "@/lib/io/import-authorization-details";
import { describeUploadTooLarge, UPLOAD_LIMIT_BYTES, UPLOAD_LIMIT_MB, uploadBytes } from "@/lib/upload-limit";

type Stage = { step: "idle" } | { step: "reading"; done: number; total: number; file: string } | { step: "importing"; files: number; bytes: number } | { step: "done"; result: ImportResult } | { step: "failed"; message: string; path?: string; file?: string };

const LABELS: Record<ImportKind, string> = { accounts: "Accounts", policies: "Policies", groups: "Groups", users: "Users", roles: "Roles", instanceProfiles: "Instance profiles" };

function readFile(file: File, onProgress: (loaded: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => onProgress(e.loaded);
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsText(file);
  });
}

export function ImportClient({ account }: { account: string }) {
  const inputId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [stage, setStage] = useState<Stage>({ step: "idle" });
  const queryClient = useQueryClient();
  const router = useConsoleRouter();
  const busy = stage.step === "reading" || stage.step === "importing";
  const totalBytes = files.reduce((n, f) => n + f.size, 0);

  async function run() {
    // Checked before sending, so files over the limit are refused with their size rather than cut in transit.
    if (totalBytes > UPLOAD_LIMIT_BYTES) return setStage({ step: "failed", message: describeUploadTooLarge(totalBytes, "The files") });
    const texts: { name: string; text: string }[] = [];
    let before = 0;
    for (const file of files) {
      setStage({ step: "reading", done: before, total: totalBytes, file: file.name });
      texts.push({ name: file.name, text: await readFile(file, (loaded) => setStage({ step: "reading", done: before + loaded, total: totalBytes, file: file.name })) });
      before += file.size;
    }
    const sent = uploadBytes(texts.map((t) => t.text));
    if (sent > UPLOAD_LIMIT_BYTES) return setStage({ step: "failed", message: describeUploadTooLarge(sent, "The files") });
    setStage({ step: "importing", files: files.length, bytes: totalBytes });
    const result = await importAuthorizationDetailsAction({ accountId: account, files: texts });
    if (!result.ok) {
      const details = result.error.details as { file?: string; path?: string } | undefined;
      setStage({ step: "failed", message: result.error.message, path: details?.path, file: details?.file });
      return;
    }
    await queryClient.invalidateQueries({ queryKey: consoleKeys.all });
    router.refresh();
    setStage({ step: "done", result: result.data });
  }

  const percent = stage.step === "reading" ? Math.round((stage.done / Math.max(1, stage.total)) * 100) : stage.step === "importing" ? 100 : 0;
  return (
    <>
      <Section title="Files" description="JSON from the AWS CLI or the API (URL-encoded documents are fine). Several files import as several accounts.">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (files.length) void run();
          }}
          className="space-y-4"
        >
          <label htmlFor={inputId} className="flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed border-slate-300 bg-slate-50 px-6 py-8 text-center hover:border-indigo-400">
            <span className="text-sm font-medium text-slate-800">{files.length ? `${files.length} file${files.length === 1 ? "" : "s"} chosen` : "Choose authorization-details files"}</span>
            <span className="mt-1 text-xs text-slate-500">{files.length ? files.map((f) => `${f.name} (${Math.ceil(f.size / 1024)} KB)`).join(", ") : `get-account-authorization-details output, .json, at most ${UPLOAD_LIMIT_MB} MB in all`}</span>
            <input id={inputId} type="file" accept=".json,application/json" multiple className="sr-only" disabled={busy} onChange={(e) => { setFiles([...(e.target.files ?? [])]); setStage({ step: "idle" }); }} />
          </label>
          <div className="flex items-center gap-3">
            <button type="submit" disabled={!files.length || busy} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 disabled:cursor-not-allowed disabled:opacity-50">
              {busy ? "Importing…" : "Import"}
            </button>
            <Link href={`/${account}/review`} className="text-sm text-slate-600 hover:underline">Back to the review</Link>
          </div>
          {busy && (
            <div aria-live="polite">
              <div className="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Import progress">
                <div className={`h-full rounded-full bg-indigo-600 transition-all ${stage.step === "importing" ? "animate-pulse" : ""}`} style={{ width: `${percent}%` }} />
              </div>
              <p className="mt-1.5 text-xs text-slate-600">
                {stage.step === "reading" ? `Reading ${stage.file}… ${percent}%` : `Checking and importing ${stage.step === "importing" ? stage.files : 0} file(s) in one transaction…`}
              </p>
            </div>
          )}
        </form>
      </Section>

      {stage.step === "failed" && (
        <div role="alert" className="mb-6 rounded-xl border border-rose-200 bg-rose-50 px-5 py-4 text-sm text-rose-900">
          <p className="font-semibold">Nothing was imported.</p>
          <p className="mt-1">{stage.message}</p>
          {stage.path && <p className="mt-1 text-xs">In <span className="font-mono">{stage.file}</span> at <span className="font-mono">{stage.path}</span></p>}
        </div>
      )}

      {stage.step === "done" && (
        <Section title={stage.result.changed ? "Imported" : "Already up to date"} description={stage.result.changed ? "The workspace now holds these entities." : "The workspace already held exactly this; nothing changed."}>
          <div className="space-y-5" data-testid="import-summary">
            {stage.result.files.map((f) => (
              <div key={f.file}>
                <p className="text-sm font-medium text-slate-900">
                  {f.file} <span className="text-xs font-normal text-slate-500">accounts {f.accounts.join(", ")}</span>{" "}
                  {f.importRunId !== null ? <Badge tone="green">run {f.importRunId}</Badge> : <Badge>unchanged</Badge>}
                </p>
                <table className="mt-2 w-full max-w-xl text-left text-sm">
                  <thead className="text-xs uppercase tracking-wide text-slate-500"><tr><th className="py-1 font-medium">Kind</th><th className="py-1 text-right font-medium">New</th><th className="py-1 text-right font-medium">Updated</th><th className="py-1 text-right font-medium">Unchanged</th></tr></thead>
                  <tbody className="divide-y divide-slate-100">
                    {(Object.keys(LABELS) as ImportKind[]).map((k) => (
                      <tr key={k}><td className="py-1">{LABELS[k]}</td><td className="py-1 text-right tabular-nums">{f.counts[k].created}</td><td className="py-1 text-right tabular-nums">{f.counts[k].updated}</td><td className="py-1 text-right tabular-nums">{f.counts[k].unchanged}</td></tr>
                    ))}
                  </tbody>
                </table>
                {f.warnings.length > 0 && (
                  <details className="mt-2 text-xs text-amber-800">
                    <summary className="cursor-pointer">{f.warnings.length} warning{f.warnings.length === 1 ? "" : "s"}</summary>
                    <ul className="mt-1 space-y-1">{f.warnings.map((w, i) => <li key={i}><span className="font-mono">{w.path}</span>: {w.message}</li>)}</ul>
                  </details>
                )}
              </div>
            ))}
            <div className="flex flex-wrap gap-3 text-sm">
              {[...new Set(stage.result.files.flatMap((f) => f.accounts))].map((a) => (
                <Link key={a} href={`/${a}/review`} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">Review account {a}</Link>
              ))}
            </div>
          </div>
        </Section>
      )}
    </>
  );
}
