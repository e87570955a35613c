"use client";

import { usePathname, useRouter } from "next/navigation";
import { useDeferredValue, useMemo, useState } from "react";
import { DataTable } from "@/components/data-table";
import { useAccountReview } from "@/components/review/review-query";
import { Badge, EmptyState, Section, TextLink, type Tone } from "@/components/ui";
import { findingKindLabel, type FindingKind, type FindingSeverity, type ReviewFinding } from "@/lib/review/findings";
import { findingsCsv, findingsJson } from "@/lib/review/findings-csv";
import { statementLabel } from "@/lib/policy/explain";
import type { PassPath, PrincipalView, RoleView } from "@/lib/review/review-view";
import { ReviewGraph } from "./review-graph";

const severityTone: Record<FindingSeverity, Tone> = { critical: "red", high: "amber", medium: "sky", low: "slate" };
const kindLabel = findingKindLabel;

/** An escalation path's hops, each with the statements behind it (counted from 1, as on every screen). */
function Hops({ account, finding }: { account: string; finding: ReviewFinding }) {
  if (!finding.hops?.length) return null;
  return (
    <div className="mt-2">
      <ol className="space-y-1 text-xs text-slate-700" aria-label="Hops">
        {finding.hops.map((h, i) => (
          <li key={`${h.from}>${h.to}`} className="flex flex-wrap items-baseline gap-1.5">
            <span className="font-semibold text-slate-500">{i + 1}.</span>
            <span className="break-all font-medium">{nameOf(h.from)} → {h.to === "admin" ? "admin" : nameOf(h.to)}</span>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px]">{h.method}</code>
            <span className="text-slate-500">{h.evidence.map((e) => `${e.policy} · ${statementLabel(e)}`).join("; ")}</span>
            {h.assumes.length > 0 && <span className="text-amber-700">assumes absent: {h.assumes.join(", ")}</span>}
          </li>
        ))}
      </ol>
      {finding.principal && (
        <a href={`/${account}/escalation?view=from&principal=${encodeURIComponent(finding.principal)}`} className="mt-1 inline-block text-xs font-medium text-indigo-700 hover:underline">
          Follow the path in the escalation graph
        </a>
      )}
    </div>
  );
}
const short = (service: string) => service.replace(/\.amazonaws\.com$/, "");
const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const count = (n: number) => n.toLocaleString("en-US");

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

function Paths({ paths }: { paths: PassPath[] }) {
  return (
    <ul className="space-y-1">
      {paths.map((p) => (
        <li key={p.service} className="flex flex-wrap items-center gap-1.5 text-xs">
          <Badge tone={p.escalation ? "red" : p.launch.length && p.trusted ? "amber" : "slate"}>{short(p.service)}</Badge>
          {!p.trusted && <span className="text-slate-500">not trusted</span>}
          {p.trusted && !p.launch.length && <span className="text-slate-500">trusted, no launch path</span>}
          {p.launch.length > 0 && <span className="font-mono text-[11px] text-slate-600">{p.launch.join(" · ")}</span>}
          {p.escalation && (
            <span className="font-medium text-rose-700">
              +{count(p.escalation.actions)} actions{p.escalation.admin ? " (administrator)" : ""}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Gains({ paths }: { paths: PassPath[] }) {
  const e = paths.find((p) => p.escalation)?.escalation;
  if (!e) return <span className="text-slate-500">nothing beyond its own rights</span>;
  const top = [...e.levels].sort((a, b) => b.actions - a.actions).slice(0, 4);
  return (
    <div className="text-xs">
      <p className="font-medium text-rose-700">{count(e.actions)} actions in {e.services.length} service{e.services.length === 1 ? "" : "s"}{e.admin ? " — everything" : ""}</p>
      <ul className="mt-0.5 text-slate-600">
        {top.map((l) => <li key={`${l.service}:${l.level}`}>{l.service} · {l.level}: {count(l.actions)}</li>)}
      </ul>
    </div>
  );
}

export function ReviewClient({ account, service }: { account: string; service: string | undefined }) {
  const { data } = useAccountReview(account, service);
  const router = useRouter();
  const pathname = usePathname();
  const [severities, setSeverities] = useState<Set<FindingSeverity>>(new Set(["critical", "high", "medium", "low"]));
  const [kind, setKind] = useState<FindingKind | "">("");
  const [text, setText] = useState("");
  const query = useDeferredValue(text.toLowerCase());
  const [focus, setFocus] = useState<string | null>(null);
  const [limit, setLimit] = useState(25);

  const findings = useMemo(
    () =>
      data.findings.filter(
        (f) => severities.has(f.severity) && (!kind || f.kind === kind) && (!query || `${f.title} ${f.explanation} ${f.principal ?? ""} ${f.role ?? ""}`.toLowerCase().includes(query)),
      ),
    [data.findings, severities, kind, query],
  );
  const shownFindings = findings.slice(0, limit);
  const rolesWithPassers = data.roles.filter((r) => r.passers.length > 0 || r.instanceProfiles.length > 0);

  const showInGraph = (id: string | undefined) => {
    if (!id) return;
    setFocus(id);
    document.getElementById("graph")?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  const toggle = (s: FindingSeverity) =>
    setSeverities((current) => {
      const next = new Set(current);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });
  const stamp = new Date().toISOString().slice(0, 10);

  return (
    <div>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <label htmlFor="review-service" className="text-xs font-medium text-slate-600">Service</label>
          <select
            id="review-service"
            className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
            value={data.services.length === 1 && service !== "all" ? data.services[0] : "all"}
            onChange={(e) => router.push(`${pathname}?service=${encodeURIComponent(e.target.value)}`)}
          >
            <option value="all">Every service the roles trust ({data.availableServices.length})</option>
            {data.availableServices.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div className="flex gap-2">
          <button type="button" onClick={() => download(`passrole-findings-${account}-${stamp}.json`, "application/json", findingsJson(findings))} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
            Export JSON
          </button>
          <button type="button" onClick={() => download(`passrole-findings-${account}-${stamp}.csv`, "text/csv", findingsCsv(findings))} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
            Export CSV
          </button>
        </div>
      </div>

      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Summary">
        {[
          { label: "Critical", value: data.counts.critical, tone: "text-rose-700" },
          { label: "High", value: data.counts.high, tone: "text-amber-700" },
          { label: "Medium", value: data.counts.medium, tone: "text-sky-700" },
          { label: "Escalations", value: data.counts.escalations, tone: "text-slate-900" },
          { label: "PassRole grants", value: data.counts.grants, tone: "text-slate-900" },
          { label: "Services reviewed", value: data.services.length, tone: "text-slate-900" },
        ].map((s) => (
          <div key={s.label} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium text-slate-500">{s.label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${s.tone}`}>{count(s.value)}</dd>
          </div>
        ))}
      </dl>

      <Section id="findings" title="Findings" description="Most severe first. Each says what can happen and how to fix it.">
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <div className="flex gap-1" role="group" aria-label="Severity">
            {(["critical", "high", "medium", "low"] as const).map((s) => (
              <button key={s} type="button" aria-pressed={severities.has(s)} onClick={() => toggle(s)} className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${severities.has(s) ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-500 ring-slate-300"}`}>
                {s} ({data.counts[s]})
              </button>
            ))}
          </div>
          <label className="sr-only" htmlFor="finding-kind">Kind</label>
          <select id="finding-kind" value={kind} onChange={(e) => setKind(e.target.value as FindingKind | "")} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
            <option value="">Every kind</option>
            {(Object.keys(kindLabel) as FindingKind[]).map((k) => <option key={k} value={k}>{kindLabel[k]}</option>)}
          </select>
          <label className="sr-only" htmlFor="finding-text">Search findings</label>
          <input id="finding-text" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search principals, roles…" className="w-64 rounded-md border border-slate-300 px-3 py-1 text-sm" />
          <span className="text-xs text-slate-500" aria-live="polite">{findings.length === data.findings.length ? `${findings.length} findings` : `${findings.length} of ${data.findings.length} findings`}</span>
        </div>
        {shownFindings.length === 0 ? (
          <EmptyState title={data.findings.length ? "No finding matches these filters" : "No findings"}>{data.findings.length ? "Widen the filters." : "Nobody here can pass a role that makes them more powerful, and no PassRole grant is over-broad."}</EmptyState>
        ) : (
          <ol className="space-y-3">
            {shownFindings.map((f) => (
              <li key={f.id} className="rounded-lg border border-slate-200 p-4" data-testid="finding">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div className="flex min-w-0 items-center gap-2">
                    <Badge tone={severityTone[f.severity]}>{f.severity}</Badge>
                    <span className="text-xs text-slate-500">{kindLabel[f.kind]}</span>
                  </div>
                  {(f.principal || f.role) && (
                    <button type="button" onClick={() => showInGraph(f.principal ?? f.role)} className="text-xs font-medium text-indigo-700 hover:underline">
                      Show in graph
                    </button>
                  )}
                </div>
                <h3 className="mt-1.5 text-sm font-semibold text-slate-900">{f.title}</h3>
                <p className="mt-1 text-sm text-slate-700">{f.explanation}</p>
                <Hops account={account} finding={f} />
                <p className="mt-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900"><span className="font-semibold">Fix: </span>{f.fix}</p>
                {f.via.length > 0 && (
                  <p className="mt-2 flex flex-wrap gap-1 text-xs text-slate-500">
                    Allowed by {f.via.map((v) => <code key={`${v.policy}#${v.statement}`} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{v.policy} · {statementLabel(v)}</code>)}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
        {findings.length > shownFindings.length && (
          <div className="mt-3 flex items-center gap-3 text-xs text-slate-500">
            <span>Showing {shownFindings.length} of {findings.length}.</span>
            <button type="button" onClick={() => setLimit((n) => n + 25)} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 font-medium text-slate-700 hover:bg-slate-50">Show 25 more</button>
          </div>
        )}
      </Section>

      <div id="graph" className="scroll-mt-6">
      <Section id="review-graph" title="Paths to workloads" description={focus ? `Following ${nameOf(focus)}.` : "Principals who can hand a role to a service they can launch, the roles, their instance profiles and the instances running them."}>
        {data.graph.nodes.length ? <ReviewGraph graph={data.graph} focus={focus} onFocus={setFocus} /> : <EmptyState title="No launch paths">No principal can both pass a role and launch the service that would use it.</EmptyState>}
      </Section>
      </div>

      <Section id="roles" title="Who can pass each role" description="Per role: the principals allowed to pass it, to which services, and how they could hand it over.">
        <DataTable<RoleView>
          rows={rolesWithPassers}
          rowKey={(r) => r.arn}
          noun={{ one: "role", many: "roles" }}
          searchText={(r) => [r.name, ...r.trustedServices, ...r.passers.map((p) => p.name)].join(" ")}
          empty={<EmptyState title="No role can be passed">No principal of this account is allowed iam:PassRole on any role.</EmptyState>}
          columns={[
            { header: "Role", cell: (r) => <div><TextLink href={`/${account}/roles/${encodeURIComponent(r.name)}`}>{r.name}</TextLink><p className="mt-0.5 text-xs text-slate-500">{r.admin ? "administrator" : `${count(r.actions)} actions`}{r.instanceProfiles.length ? ` · profile ${r.instanceProfiles.map(nameOf).join(", ")}` : ""}</p></div> },
            { header: "Trusts", cell: (r) => <span className="flex flex-wrap gap-1">{r.trustedServices.length ? r.trustedServices.map((s) => <Badge key={s} tone="sky">{short(s)}</Badge>) : <span className="text-slate-500">no reviewed service</span>}</span> },
            {
              header: "Who can pass it",
              cell: (r) =>
                r.passers.length ? (
                  <ul className="space-y-2">
                    {r.passers.slice(0, 8).map((p) => (
                      <li key={p.arn}>
                        <button type="button" onClick={() => showInGraph(p.arn)} className="text-sm font-medium text-slate-900 hover:underline">{p.name}</button> <span className="text-xs text-slate-500">{p.kind}</span>
                        <Paths paths={p.paths} />
                      </li>
                    ))}
                    {r.passers.length > 8 && <li className="text-xs text-slate-500">and {r.passers.length - 8} more</li>}
                  </ul>
                ) : (
                  <span className="text-slate-500">nobody</span>
                ),
            },
          ]}
        />
      </Section>

      <Section id="principals" title="What each principal can pass" description="Per user or role: the roles it may pass, how, and what it would gain by becoming them.">
        <DataTable<PrincipalView>
          rows={data.principals}
          rowKey={(p) => p.arn}
          noun={{ one: "principal", many: "principals" }}
          searchText={(p) => [p.name, p.kind, ...p.groups, ...p.canPass.map((c) => c.name)].join(" ")}
          empty={<EmptyState title="Nobody can pass a role">No user or role of this account is allowed iam:PassRole.</EmptyState>}
          columns={[
            { header: "Principal", cell: (p) => <div><button type="button" onClick={() => showInGraph(p.arn)} className="text-sm font-medium text-indigo-700 hover:underline">{p.name}</button><p className="mt-0.5 text-xs text-slate-500">{p.kind}{p.groups.length ? ` · groups ${p.groups.join(", ")}` : ""} · {p.admin ? "administrator" : `${count(p.actions)} actions`}</p></div> },
            {
              header: "Can pass",
              cell: (p) => (
                <ul className="space-y-2">
                  {[...p.canPass].sort((a, b) => Number(Boolean(b.paths.find((x) => x.escalation))) - Number(Boolean(a.paths.find((x) => x.escalation)))).slice(0, 6).map((c) => (
                    <li key={c.arn}>
                      <span className="text-sm text-slate-900">{c.name}</span>
                      <Paths paths={c.paths} />
                    </li>
                  ))}
                  {p.canPass.length > 6 && <li className="text-xs text-slate-500">and {p.canPass.length - 6} more roles</li>}
                </ul>
              ),
            },
            {
              header: "Would gain",
              cell: (p) => {
                const best = [...p.canPass].flatMap((c) => c.paths).filter((x) => x.escalation).sort((a, b) => b.escalation!.actions - a.escalation!.actions);
                return <Gains paths={best} />;
              },
            },
          ]}
        />
      </Section>
    </div>
  );
}
