"use client";

import Link, { useWorkspaceName } from "@/components/workspace-link";
import { inWorkspace } from "@/lib/workspaces/workspace-path";
import { usePathname } from "next/navigation";
import { useConsoleRouter } from "@/components/workspace-link";
import { useId, useState } from "react";
import type { WhoCanAnswer, WhoCanPrincipal, WhoCanService } from "@/lib/authz/who-can";
import type { WhoCanPreset } from "@/lib/authz/who-can-presets";
import { describeRef } from "@/lib/policy/explain";
import { Badge } from "@/components/ui";
import { useWhoCan, type WhoCanQuestionInput } from "./simulator-query";
import { whoCanSearch } from "@/lib/authz/who-can-search";
import { readContextLines } from "@/lib/authz/context-lines";

const input = "w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-500 focus:border-indigo-500";
const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";

export type { WhoCanPreset } from "@/lib/authz/who-can-presets";

export function contextLines(context: Record<string, string | string[]> = {}): string {
  return Object.entries(context)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`))
    .join("\n");
}

function principalHref(p: WhoCanPrincipal): string {
  return `/${p.account}/${p.type === "user" ? "users" : "roles"}/${encodeURIComponent(p.name)}`;
}

function PrincipalTable({ label, entries, tone }: { label: string; entries: WhoCanPrincipal[]; tone: "green" | "red" }) {
  return (
    <table className="w-full text-left text-sm" aria-label={label}>
      <thead className="text-xs uppercase tracking-wide text-slate-500">
        <tr><th className="py-1 pr-3 font-medium">Principal</th><th className="px-3 py-1 font-medium">Type</th><th className="px-3 py-1 font-medium">{tone === "green" ? "Allowed by" : "Denied by"}</th></tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {entries.map((p) => (
          <tr key={p.principal}>
            <td className="py-1.5 pr-3">
              <Link href={principalHref(p)} className="font-medium text-indigo-700 hover:underline">{p.name}</Link>
              <span className="block font-mono text-[11px] text-slate-500">{p.principal}</span>
            </td>
            <td className="px-3 py-1.5"><Badge tone={p.type === "user" ? "indigo" : "sky"}>{p.type === "role" ? "role (as a session)" : "user"}</Badge></td>
            <td className="px-3 py-1.5 text-xs text-slate-700">{p.decisive.map((ref) => <span key={`${ref.kind}${ref.policy}${ref.statement}`} className="block">{describeRef(ref)}</span>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The AWS services the role's trust policy names, answered apart: they are no users or roles of
 * the workspace, yet EC2 or ECS assuming the role is how its credentials reach a workload.
 */
function ServicePrincipals({ services }: { services: WhoCanService[] }) {
  const allowed = services.filter((s) => s.decision === "Allow");
  const refused = services.filter((s) => s.decision !== "Allow");
  return (
    <div data-testid="who-can-services">
      <h3 className="mb-1 text-sm font-semibold text-slate-900">AWS services, through the role&apos;s trust policy ({allowed.length})</h3>
      <p className="mb-1.5 text-xs text-slate-600">Service principals are not users or roles of the workspace, so they are not counted above: each is asked as the service would ask (for EC2, when an instance profile hands the role to an instance).</p>
      {allowed.length ? (
        <table className="w-full text-left text-sm" aria-label="Allowed service principals">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr><th className="py-1 pr-3 font-medium">Service principal</th><th className="px-3 py-1 font-medium">Type</th><th className="px-3 py-1 font-medium">Allowed by</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {allowed.map((s) => (
              <tr key={s.service}>
                <td className="py-1.5 pr-3 font-mono text-xs text-slate-900">{s.service}</td>
                <td className="px-3 py-1.5"><Badge tone="amber">AWS service</Badge></td>
                <td className="px-3 py-1.5 text-xs text-slate-700">{s.decisive.map((ref) => <span key={`${ref.kind}${ref.policy}${ref.statement}`} className="block">{describeRef(ref)}</span>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-sm text-slate-500">{services.length ? "No service the trust policy names may, with these request keys." : "The trust policy names no AWS service."}</p>
      )}
      {refused.length > 0 && (
        <p className="mt-1 text-xs text-slate-600">
          Named but not allowed with these keys: {refused.map((s) => `${s.service}${s.decision === "ExplicitDeny" ? " (explicitly denied)" : ""}`).join(", ")}.
        </p>
      )}
    </div>
  );
}

/** The answer: who is allowed (with the allowing statements), who is explicitly denied, how many were asked. */
export function WhoCanAnswerView({ answer }: { answer: WhoCanAnswer }) {
  return (
    <div className="space-y-4" data-testid="who-can-answer">
      <p className="text-sm text-slate-700">
        <strong>{answer.allowed.length}</strong> of {answer.evaluated} users and roles may <span className="font-mono text-xs">{answer.action}</span> on <span className="break-all font-mono text-xs">{answer.resource}</span>
        {answer.resourceAccount ? <> (account {answer.resourceAccount})</> : null}
        {answer.resourcePolicy ? <>, with the {answer.resourcePolicy}</> : <>; the resource has no policy of its own here</>}.
        {answer.explicitlyDenied.length > 0 && <> <strong>{answer.explicitlyDenied.length}</strong> explicitly denied.</>}
      </p>
      <div>
        <h3 className="mb-1 text-sm font-semibold text-slate-900">Allowed ({answer.allowed.length})</h3>
        {answer.allowed.length ? <PrincipalTable label="Allowed principals" entries={answer.allowed} tone="green" /> : <p className="text-sm text-slate-500">No user or role of the workspace may.</p>}
      </div>
      {answer.explicitlyDenied.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold text-slate-900">Explicitly denied ({answer.explicitlyDenied.length})</h3>
          <PrincipalTable label="Explicitly denied principals" entries={answer.explicitlyDenied} tone="red" />
        </div>
      )}
      {answer.services && <ServicePrincipals services={answer.services} />}
    </div>
  );
}

/**
 * "Who can do ACTION on this?": every user and role of the workspace asked, with the resource's own
 * policy. Presets fit the page's resource; the reader may ask anything. On the who-can page the
 * question is kept in the URL.
 */
export function WhoCanPanel({ account, presets, initial, syncUrl = false, autoAsk = true }: { account: string; presets: WhoCanPreset[]; initial?: WhoCanQuestionInput; syncUrl?: boolean; autoAsk?: boolean }) {
  const workspace = useWorkspaceName();
  const first = initial ?? (presets[0] ? { action: presets[0].action, resource: presets[0].resource, context: presets[0].context ?? {} } : null);
  const [action, setAction] = useState(first?.action ?? "");
  const [resource, setResource] = useState(first?.resource ?? "");
  const [context, setContext] = useState(contextLines(first?.context));
  const [question, setQuestion] = useState<WhoCanQuestionInput | null>(autoAsk ? first : null);
  const answer = useWhoCan(account, question);
  const router = useConsoleRouter();
  const pathname = usePathname();
  const id = useId();
  const ask = (q: WhoCanQuestionInput) => {
    setQuestion(q);
    // Each question its own history entry, so a reload, a shared link or Back asks it again.
    if (syncUrl) router.push(`${pathname}?${whoCanSearch(q)}`, { scroll: false });
  };
  const choose = (p: WhoCanPreset) => {
    setAction(p.action);
    setResource(p.resource);
    setContext(contextLines(p.context));
    ask({ action: p.action, resource: p.resource, context: p.context ?? {} });
  };
  return (
    <div className="space-y-4">
      <form className="grid gap-3 md:grid-cols-[14rem_1fr]" onSubmit={(e) => { e.preventDefault(); ask({ action: action.trim(), resource: resource.trim(), context: readContextLines(context) }); }}>
        <label htmlFor={`${id}-action`} className="text-xs font-medium text-slate-600">
          Who can do
          <input id={`${id}-action`} value={action} onChange={(e) => setAction(e.target.value)} placeholder="s3:GetObject" className={`${input} mt-1 font-mono`} />
        </label>
        <label htmlFor={`${id}-resource`} className="text-xs font-medium text-slate-600">
          on
          <input id={`${id}-resource`} value={resource} onChange={(e) => setResource(e.target.value)} placeholder="arn:aws:s3:::bucket/key" className={`${input} mt-1 font-mono`} />
        </label>
        <label htmlFor={`${id}-context`} className="text-xs font-medium text-slate-600 md:col-span-2">
          With these request keys (KEY=VALUE, one a line; added to those AWS sets for each caller)
          <textarea id={`${id}-context`} rows={2} value={context} onChange={(e) => setContext(e.target.value)} placeholder="iam:PassedToService=ec2.amazonaws.com" className={`${input} mt-1 font-mono text-xs`} />
        </label>
        <div className="flex flex-wrap items-center gap-2 md:col-span-2">
          <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60" disabled={answer.isFetching}>{answer.isFetching ? "Asking every principal…" : "Ask who can"}</button>
          {presets.map((p) =>
            syncUrl ? (
              // A link: it works before the page is interactive, and can be opened or shared as it is.
              // A plain link, loaded whole: the client router kept the page it had when only the query of
              // a workspace URL changed, so the question never reached the server.
              <a key={p.label} href={inWorkspace(workspace, `/${account}/who-can?${whoCanSearch({ action: p.action, resource: p.resource, context: p.context ?? {} })}`)} className={smallButton}>{p.label}</a>
            ) : (
              <button key={p.label} type="button" className={smallButton} onClick={() => choose(p)}>{p.label}</button>
            ),
          )}
          {!syncUrl && question && <Link href={`/${account}/who-can?${whoCanSearch(question)}`} className="text-xs text-indigo-700 hover:underline">Open on the who-can page</Link>}
        </div>
      </form>
      {answer.isError && <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">{answer.error.message}</p>}
      {answer.data && !answer.isError && <WhoCanAnswerView answer={answer.data} />}
    </div>
  );
}
