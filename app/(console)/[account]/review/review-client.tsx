"use client";

import { usePathname, useSearchParams } from "next/navigation";
import Link, { useWorkspaceName } from "@/components/workspace-link";
import { inWorkspace } from "@/lib/workspaces/workspace-path";
import { useCallback, useMemo } from "react";
import { Badge, EmptyState, Section, TextLink, type Tone } from "@/components/ui";
import { ScrollArea } from "@/components/scroll-area";
import { describePage, describeProgress, Pager, ProgressBar, ReviewProgressPanel, SearchBox } from "@/components/review/review-controls";
import {
  exportHref,
  findingPageSizes,
  findingsQueryOf,
  principalSorts,
  principalsQueryOf,
  readableVersion,
  readReviewSearch,
  reviewSearchString,
  roleSorts,
  rolesQueryOf,
  severities,
  useFindingsPage,
  usePrincipalsPage,
  useReviewStatus,
  useRolesPage,
  type ReviewSearch,
} from "@/components/review/review-query";
import type { ReviewStatus } from "@/lib/io/account-review";
import { findingKindLabel, type FindingKind, type FindingSeverity, type ReviewFinding } from "@/lib/review/findings";
import { statementLabel } from "@/lib/policy/explain";
import type { PathSummary, PrincipalRow, ReviewProgress, ReviewSummary, RoleRow } from "@/lib/review/review-view";
import { ReviewGraphSection } from "./review-graph";
import { countOf, moreLine, reviewFigures, type FigureTone } from "@/lib/review/review-words";

const severityTone: Record<FindingSeverity, Tone> = { critical: "red", high: "amber", medium: "sky", low: "slate" };
const figureTone: Record<FigureTone, string> = { critical: "text-rose-700", high: "text-amber-800", medium: "text-sky-800", plain: "text-slate-900" };
const kindLabel = findingKindLabel;
const short = (service: string) => service.replace(/\.amazonaws\.com$/, "");
const nameOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);
const count = (n: number) => n.toLocaleString("en-US");

/** The page's state lives in its URL; changes replace it (a service, which is another review, pushes). */
function useReviewUrl() {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = useMemo(() => readReviewSearch(params), [params]);
  const update = useCallback(
    (change: Partial<ReviewSearch>, mode: "push" | "replace" = "replace") => {
      // Read the URL as it is now: two changes in one event must not undo each other.
      const next = { ...readReviewSearch(new URLSearchParams(window.location.search)), ...change };
      window.history[mode === "push" ? "pushState" : "replaceState"](null, "", `${pathname}${reviewSearchString(next)}`);
    },
    [pathname],
  );
  return { search, update };
}

/** An escalation path's hops, each with the statements behind it (counted from 1, as on every screen). */
function Hops({ account, finding }: { account: string; finding: ReviewFinding }) {
  if (!finding.hops?.length) return null;
  return (
    <div className="mt-2">
      <ol className="space-y-1 text-xs text-slate-700" aria-label="Hops">
        {finding.hops.map((h, i) => (
          <li key={`${h.from}>${h.to}`} className="flex flex-wrap items-baseline gap-1.5">
            <span className="font-semibold text-slate-600">{i + 1}.</span>
            <span className="break-all font-medium">{nameOf(h.from)} → {h.to === "admin" ? "admin" : nameOf(h.to)}</span>
            <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px]">{h.method}</code>
            <span className="text-slate-600">{h.evidence.map((e) => `${e.policy} · ${statementLabel(e)}`).join("; ")}</span>
            {h.assumes.length > 0 && <span className="text-amber-800">assumes absent: {h.assumes.join(", ")}</span>}
          </li>
        ))}
      </ol>
      {finding.principal && (
        <Link href={`/${account}/escalation?view=from&principal=${encodeURIComponent(finding.principal)}`} className="mt-1 inline-block text-xs font-medium text-indigo-700 hover:underline">
          Follow the path in the escalation graph
        </Link>
      )}
    </div>
  );
}

/**
 * The ways a role can be handed to services: each one that reaches a workload (the role trusts the
 * service and a launch path exists) on its own line, the others named together on one line.
 */
function Paths({ paths }: { paths: PathSummary[] }) {
  const reaching = paths.filter((p) => p.escalation || (p.trusted && p.launch.length));
  const untrusted = paths.filter((p) => !p.trusted).map((p) => short(p.service));
  const idle = paths.filter((p) => p.trusted && !p.launch.length && !p.escalation).map((p) => short(p.service));
  return (
    <ul className="space-y-1">
      {reaching.map((p) => (
        <li key={p.service} className="flex flex-wrap items-center gap-1.5 text-xs">
          <Badge tone={p.escalation ? "red" : "amber"}>{short(p.service)}</Badge>
          <span className="font-mono text-[11px] text-slate-600">{p.launch.join(" · ")}</span>
          {p.escalation && (
            <span className="font-medium text-rose-700">
              +{countOf(p.escalation.actions, "action", "actions")}{p.escalation.admin ? " (administrator)" : ""}
            </span>
          )}
        </li>
      ))}
      {idle.length > 0 && <li className="text-xs text-slate-600">{reaching.length ? "also " : ""}to {idle.join(", ")}: trusted, no launch path</li>}
      {untrusted.length > 0 && <li className="text-xs text-slate-600">{reaching.length || idle.length ? "also " : ""}to {untrusted.join(", ")}: not trusted</li>}
    </ul>
  );
}

/**
 * What a role or principal may do itself: the actions allowed on some resource (on `*`, or on one
 * its policies name), so a role reading one bucket shows its S3 actions. Gains count on `*`.
 */
function OwnActions({ row }: { row: { admin: boolean; actions: number } }) {
  if (row.admin) return <>administrator</>;
  return (
    <span title="Actions its policies allow on some resource (on *, or on a resource they name), with an empty request context, after every deny and boundary">
      {countOf(row.actions, "action", "actions")} allowed on some resource
    </span>
  );
}

function Gain({ gain }: { gain: PrincipalRow["gain"] }) {
  if (!gain) return <span className="text-slate-600">nothing beyond its own rights</span>;
  return (
    <div className="text-xs">
      <p className="font-medium text-rose-700">{countOf(gain.actions, "action", "actions")} in {countOf(gain.services, "service", "services")}{gain.admin ? " — everything" : ""}</p>
      <ul className="mt-0.5 text-slate-600">
        {gain.levels.map((l) => <li key={`${l.service}:${l.level}`}>{l.service} · {l.level}: {count(l.actions)}</li>)}
      </ul>
    </div>
  );
}

/** The version being read, and whether it is the last one's while the current one is computed. */
function readableOf(status: ReviewStatus): { version: string; summary: ReviewSummary } | undefined {
  if (status.state === "ready") return { version: status.version, summary: status.summary };
  return status.stale ?? undefined;
}

export function ReviewClient({ account }: { account: string }) {
  const workspace = useWorkspaceName();
  const { search, update } = useReviewUrl();
  const { service } = search;
  const { data: status, error } = useReviewStatus(account, service);
  if (!status) return <p className="text-sm text-slate-600" role="status">{error ? `The review could not be read: ${error.message}` : "Reading the review…"}</p>;
  const readable = readableOf(status);
  const showInGraph = (id: string | undefined) => {
    if (!id) return;
    update({ focus: id });
    document.getElementById("graph")?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  const version = readableVersion(status);

  return (
    <div>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <ServicePicker summary={readable?.summary} progress={status.state === "computing" ? status.progress : null} service={service} onChange={(value) => update({ service: value, page: undefined, rpage: undefined, ppage: undefined, focus: undefined }, "push")} />
        {readable && (
          <div className="flex gap-2">
            <a href={inWorkspace(workspace, exportHref(account, service, "json", findingsQueryOf(search)))} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
              Export JSON
            </a>
            <a href={inWorkspace(workspace, exportHref(account, service, "csv", findingsQueryOf(search)))} download className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
              Export CSV
            </a>
          </div>
        )}
      </div>

      {!readable && <ReviewProgressPanel status={status} />}
      {readable && status.state !== "ready" && <StaleNotice status={status} />}
      {readable && version && (
        <>
          <Summary summary={readable.summary} />
          <FindingsSection account={account} service={service} version={version} summary={readable.summary} search={search} update={update} showInGraph={showInGraph} />
          <div id="graph" className="scroll-mt-6">
            <ReviewGraphSection account={account} service={service} version={version} summary={readable.summary} focus={search.focus} hops={search.hops ?? 2} onFocus={(focus) => update({ focus })} onHops={(hops) => update({ hops })} />
          </div>
          <RolesSection account={account} service={service} version={version} search={search} update={update} showInGraph={showInGraph} />
          <PrincipalsSection account={account} service={service} version={version} search={search} update={update} showInGraph={showInGraph} />
        </>
      )}
    </div>
  );
}

/** Until a review is readable, the picker names the services the computation reviews (once it knows them). */
function waitingLabel(service: string | undefined, progress: ReviewProgress | null): string {
  if (service && service !== "all") return service;
  const services = progress?.services;
  if (!services) return service === "all" ? "Every service the roles trust" : "Finding the services the roles trust…";
  return services.length === 1 && service !== "all" ? services[0] : `Every service the roles trust (${services.length})`;
}

function ServicePicker({ summary, progress, service, onChange }: { summary: ReviewSummary | undefined; progress: ReviewProgress | null; service: string | undefined; onChange: (service: string) => void }) {
  const available = summary?.availableServices ?? [];
  const value = summary ? (summary.services.length === 1 && service !== "all" ? summary.services[0] : "all") : (service ?? "");
  return (
    <div>
      <label htmlFor="review-service" className="text-xs font-medium text-slate-600">Service</label>
      <select id="review-service" className="mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm" value={value} disabled={!summary} onChange={(e) => onChange(e.target.value)}>
        {!summary && <option value={value}>{waitingLabel(service, progress)}</option>}
        {summary && <option value="all">Every service the roles trust ({available.length})</option>}
        {available.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
    </div>
  );
}

function StaleNotice({ status }: { status: ReviewStatus }) {
  if (status.state === "failed") {
    return (
      <div role="alert" className="mb-6 rounded-xl border border-rose-200 bg-rose-50 px-5 py-3 text-sm text-rose-900">
        The workspace changed, and its new review failed: {status.error.message} Below is the review before that change.
      </div>
    );
  }
  if (status.state !== "computing") return null;
  const { percent, text } = describeProgress(status.progress, status.waiting);
  return (
    <div className="mb-6 rounded-xl border border-amber-200 bg-amber-50 px-5 py-3 text-sm text-amber-900" data-testid="review-progress">
      <p>The workspace changed: below is the review before that change, while the new one is computed.</p>
      <ProgressBar percent={percent} text={text} />
    </div>
  );
}

function Summary({ summary }: { summary: ReviewSummary }) {
  return (
    <>
      <dl className="mb-2 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-label="Summary">
        {reviewFigures(summary).map((s) => (
          <div key={s.label} className="rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm">
            <dt className="text-xs font-medium text-slate-600">{s.label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${figureTone[s.tone]}`}>{s.value}</dd>
            {s.detail && <dd className="mt-0.5 text-[11px] leading-snug text-slate-600">{s.detail}</dd>}
          </div>
        ))}
      </dl>
      <p className="mb-6 text-xs text-slate-600">
        {summary.reviewedAt ? `Reviewed at ${summary.reviewedAt.replace("T", " ").slice(0, 16)} UTC (workspace clock); ` : ""}
        kept until the workspace changes.
      </p>
    </>
  );
}

type SectionProps = {
  account: string;
  service: string | undefined;
  version: string;
  search: ReviewSearch;
  update: (change: Partial<ReviewSearch>) => void;
  showInGraph: (id: string | undefined) => void;
};

function FindingsSection({ account, service, version, summary, search, update, showInGraph }: SectionProps & { summary: ReviewSummary }) {
  const query = findingsQueryOf(search);
  const { data, isFetching } = useFindingsPage(account, service, version, query);
  const chosen = new Set(search.severity && search.severity.length ? search.severity : severities);
  const toggle = (s: FindingSeverity) => {
    const next = new Set(chosen);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    update({ severity: severities.filter((v) => next.has(v)), page: undefined });
  };
  const onSearch = useCallback((q: string) => update({ q: q || undefined, page: undefined }), [update]);
  const page = data?.page;
  const total = summary.counts.critical + summary.counts.high + summary.counts.medium + summary.counts.low;
  return (
    <Section id="findings" title="Findings" description="Most severe first. Each says what can happen and how to fix it.">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="flex gap-1" role="group" aria-label="Severity">
          {severities.map((s) => (
            <button key={s} type="button" aria-pressed={chosen.has(s)} onClick={() => toggle(s)} className={`rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset ${chosen.has(s) ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300"}`}>
              {s} ({count(summary.counts[s])})
            </button>
          ))}
        </div>
        <label className="sr-only" htmlFor="finding-kind">Kind</label>
        <select id="finding-kind" value={search.kind ?? ""} onChange={(e) => update({ kind: (e.target.value || undefined) as FindingKind | undefined, page: undefined })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
          <option value="">Every kind</option>
          {(Object.keys(kindLabel) as FindingKind[]).map((k) => <option key={k} value={k}>{kindLabel[k]} ({count(summary.kinds[k] ?? 0)})</option>)}
        </select>
        <SearchBox value={search.q ?? ""} onSearch={onSearch} label="Search findings" placeholder="Search principals, roles…" />
        {/* One item of the wrapping row: the label never ends a line its select starts the next. */}
        <span className="flex items-center gap-2">
          <label className="text-xs font-medium text-slate-600" htmlFor="finding-size">Per page</label>
          <select id="finding-size" value={search.size ?? findingPageSizes[0]} onChange={(e) => update({ size: Number(e.target.value), page: undefined })} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
            {findingPageSizes.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </span>
        <span className="text-xs text-slate-600" role="status" data-testid="findings-count">
          {page ? describePage(page, { one: "finding", many: "findings" }) : countOf(total, "finding", "findings")}
          {isFetching && " · loading…"}
        </span>
      </div>
      {!page ? (
        <p className="text-sm text-slate-600">Loading findings…</p>
      ) : page.rows.length === 0 ? (
        <EmptyState title={page.all ? "No finding matches these filters" : "No findings"}>{page.all ? "Widen the filters." : "Nobody here can pass a role that makes them more powerful, and no PassRole grant is over-broad."}</EmptyState>
      ) : (
        <ol className="space-y-3" aria-busy={isFetching || undefined}>
          {page.rows.map((f) => (
            <li key={f.id} className="rounded-lg border border-slate-200 p-4" data-testid="finding">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="flex min-w-0 items-center gap-2">
                  <Badge tone={severityTone[f.severity]}>{f.severity}</Badge>
                  <span className="text-xs text-slate-600">{kindLabel[f.kind]}</span>
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
                <p className="mt-2 flex flex-wrap gap-1 text-xs text-slate-600">
                  Allowed by {f.via.map((v) => <code key={`${v.policy}#${v.statement}`} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] text-slate-700">{v.policy} · {statementLabel(v)}</code>)}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {page && <Pager page={page} label="Pages of findings" onPage={(n) => update({ page: n })} />}
    </Section>
  );
}

function TableControls<S extends string>({ id, noun, text, onSearch, sorts, sort, onSort, summary }: { id: string; noun: string; text: string; onSearch: (q: string) => void; sorts: Record<S, string>; sort: S; onSort: (sort: S) => void; summary: string }) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-3">
      <SearchBox value={text} onSearch={onSearch} label={`Filter ${noun}`} placeholder={`Filter ${noun}…`} className="w-72" />
      <label className="text-xs font-medium text-slate-600" htmlFor={`${id}-sort`}>Order</label>
      <select id={`${id}-sort`} value={sort} onChange={(e) => onSort(e.target.value as S)} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
        {(Object.keys(sorts) as S[]).map((s) => <option key={s} value={s}>{sorts[s]}</option>)}
      </select>
      <span className="ml-auto text-xs text-slate-600" role="status">{summary}</span>
    </div>
  );
}

function Table({ label, headers, children, busy }: { label: string; headers: string[]; children: React.ReactNode; busy: boolean }) {
  return (
    <ScrollArea label={label} className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="w-full text-left text-sm" aria-busy={busy || undefined}>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
          <tr>{headers.map((h) => <th key={h} scope="col" className="px-4 py-2 font-medium">{h}</th>)}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </ScrollArea>
  );
}

function RolesSection({ account, service, version, search, update, showInGraph }: SectionProps) {
  const query = rolesQueryOf(search);
  const { data, isFetching } = useRolesPage(account, service, version, query);
  const onSearch = useCallback((q: string) => update({ rq: q || undefined, rpage: undefined }), [update]);
  const page = data?.page;
  return (
    <Section id="roles" title="Who can pass each role" description="Per role: the principals allowed to pass it, to which services, and how they could hand it over.">
      <TableControls id="roles" noun="roles" text={search.rq ?? ""} onSearch={onSearch} sorts={roleSorts} sort={query.sort ?? "risk"} onSort={(rsort) => update({ rsort, rpage: undefined })} summary={page ? describePage(page, { one: "role", many: "roles" }) : "Loading…"} />
      {page && page.all === 0 ? (
        <EmptyState title="No role can be passed">No principal of this account is allowed iam:PassRole on any role.</EmptyState>
      ) : page && page.rows.length === 0 ? (
        <EmptyState title="No role matches">Try fewer words, or clear the filter.</EmptyState>
      ) : page ? (
        <Table label="Table of roles and who can pass them" headers={["Role", "Trusts", "Who can pass it"]} busy={isFetching}>
          {page.rows.map((r: RoleRow) => (
            <tr key={r.arn} className="align-top hover:bg-slate-50">
              <td className="px-4 py-2.5">
                <TextLink href={`/${account}/roles/${encodeURIComponent(r.name)}`}>{r.name}</TextLink>
                <p className="mt-0.5 text-xs text-slate-600"><OwnActions row={r} />{r.instanceProfiles.length ? ` · profile ${r.instanceProfiles.map(nameOf).join(", ")}` : ""}</p>
              </td>
              <td className="px-4 py-2.5">
                <span className="flex flex-wrap gap-1">{r.trustedServices.length ? r.trustedServices.map((s) => <Badge key={s} tone="sky">{short(s)}</Badge>) : <span className="text-slate-600">no reviewed service</span>}</span>
              </td>
              <td className="px-4 py-2.5">
                {r.passers.length ? (
                  <ul className="space-y-2">
                    {r.passers.map((p) => (
                      <li key={p.arn}>
                        <button type="button" onClick={() => showInGraph(p.arn)} className="text-sm font-medium text-slate-900 hover:underline">{p.name}</button> <span className="text-xs text-slate-600">{p.kind}</span>
                        <Paths paths={p.paths} />
                      </li>
                    ))}
                    {r.passerCount > r.passers.length && <li className="text-xs text-slate-600">{moreLine(r.passerCount - r.passers.length, r.moreEscalating, { one: "principal", many: "principals" })}</li>}
                  </ul>
                ) : (
                  <span className="text-slate-600">nobody</span>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      {page && <Pager page={page} label="Pages of roles" onPage={(n) => update({ rpage: n })} />}
    </Section>
  );
}

function PrincipalsSection({ account, service, version, search, update, showInGraph }: SectionProps) {
  const query = principalsQueryOf(search);
  const { data, isFetching } = usePrincipalsPage(account, service, version, query);
  const onSearch = useCallback((q: string) => update({ pq: q || undefined, ppage: undefined }), [update]);
  const page = data?.page;
  return (
    <Section id="principals" title="What each principal can pass" description="Per user or role: the roles it may pass, how, and what it would gain by becoming them.">
      <TableControls id="principals" noun="principals" text={search.pq ?? ""} onSearch={onSearch} sorts={principalSorts} sort={query.sort ?? "risk"} onSort={(psort) => update({ psort, ppage: undefined })} summary={page ? describePage(page, { one: "principal", many: "principals" }) : "Loading…"} />
      {page && page.all === 0 ? (
        <EmptyState title="Nobody can pass a role">No user or role of this account is allowed iam:PassRole.</EmptyState>
      ) : page && page.rows.length === 0 ? (
        <EmptyState title="No principal matches">Try fewer words, or clear the filter.</EmptyState>
      ) : page ? (
        <Table label="Table of principals and the roles they can pass" headers={["Principal", "Can pass", "Would gain"]} busy={isFetching}>
          {page.rows.map((p: PrincipalRow) => (
            <tr key={p.arn} className="align-top hover:bg-slate-50">
              <td className="px-4 py-2.5">
                <button type="button" onClick={() => showInGraph(p.arn)} className="text-sm font-medium text-indigo-700 hover:underline">{p.name}</button>
                <p className="mt-0.5 text-xs text-slate-600">{p.kind}{p.groups.length ? ` · groups ${p.groups.join(", ")}` : ""} · <OwnActions row={p} /></p>
              </td>
              <td className="px-4 py-2.5">
                <ul className="space-y-2">
                  {p.canPass.map((c) => (
                    <li key={c.arn}>
                      <span className="text-sm text-slate-900">{c.name}</span>
                      <Paths paths={c.paths} />
                    </li>
                  ))}
                  {p.canPassCount > p.canPass.length && <li className="text-xs text-slate-600">{moreLine(p.canPassCount - p.canPass.length, p.moreEscalating, { one: "role", many: "roles" })}</li>}
                </ul>
              </td>
              <td className="px-4 py-2.5"><Gain gain={p.gain} /></td>
            </tr>
          ))}
        </Table>
      ) : null}
      {page && <Pager page={page} label="Pages of principals" onPage={(n) => update({ ppage: n })} />}
    </Section>
  );
}
