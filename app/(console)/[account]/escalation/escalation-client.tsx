"use client";

import Link from "@/components/workspace-link";
import { usePathname } from "next/navigation";
import { useConsoleRouter } from "@/components/workspace-link";
import { Suspense, useDeferredValue, useMemo, useState } from "react";
import { EscalationGraph } from "@/components/escalation/escalation-graph";
import { questionOf, useEscalationAnswer, useNeighbourhood, usePrincipalSearch, type EscalationSearch } from "@/components/escalation/escalation-query";
import { Badge, EmptyState, Section, Skeleton } from "@/components/ui";
import { statementLabel } from "@/lib/policy/explain";
import type { EscalationHopView, EscalationNodeView, EscalationPathView, EscalationQuestion, EvidenceSource } from "@/lib/review/escalation-view";
import { describeGraphCounts } from "@/lib/review/escalation-words";

type View = "admin" | "from" | "to";
const VIEWS: { view: View; label: string }[] = [
  { view: "admin", label: "Who can reach admin" },
  { view: "from", label: "What can X become" },
  { view: "to", label: "Who can become Y" },
];
const kindOfPolicy: Record<string, string> = { identity: "identity-based policy", resource: "resource-based policy", boundary: "permissions boundary", scp: "SCP", rcp: "RCP", session: "session policy" };

const shortName = (arn: string) => (arn === "admin" ? "admin" : arn.slice(arn.lastIndexOf("/") + 1));
/** A method with a line-break opportunity after each `+`, so long ones wrap between actions (the text stays the same). */
function breakable(method: string): React.ReactNode {
  return method.split("+").map((action, i) => (
    <span key={i}>
      {i > 0 && <>+<wbr /></>}
      {action}
    </span>
  ));
}

/** The console page of a user or role (in its own account). */
function entityHref(node: EscalationNodeView): string | undefined {
  if (node.kind === "user") return `/${node.account}/users/${encodeURIComponent(node.name)}`;
  if (node.kind === "role") return `/${node.account}/roles/${encodeURIComponent(node.name)}`;
  return undefined;
}

function sourceHref(source: EvidenceSource): string {
  switch (source.type) {
    case "managed":
      return `/${source.account}/policies/${encodeURIComponent(source.arn)}`;
    case "trust":
      return `/${source.account}/roles/${encodeURIComponent(source.role)}/trust`;
    case "inline":
      return source.holder === "role"
        ? `/${source.account}/roles/${encodeURIComponent(source.name)}/inline/${encodeURIComponent(source.policy)}`
        : `/${source.account}/${source.holder === "user" ? "users" : "groups"}/${encodeURIComponent(source.name)}`;
  }
}

function questionHref(pathname: string, view: View, principal?: string) {
  return principal && view !== "admin" ? `${pathname}?view=${view}&principal=${encodeURIComponent(principal)}` : `${pathname}?view=${view}`;
}

export function EscalationClient({ account, search }: { account: string; search: EscalationSearch }) {
  const pathname = usePathname();
  const view: View = search.view ?? "admin";
  const question = questionOf(search);
  return (
    <div>
      <nav aria-label="Question" className="mb-5 flex flex-wrap gap-2">
        {VIEWS.map((v) => (
          <Link
            key={v.view}
            href={questionHref(pathname, v.view, search.principal)}
            aria-current={v.view === view ? "page" : undefined}
            className={`rounded-full px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${v.view === view ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      {view !== "admin" && <PrincipalPicker account={account} view={view} current={search.principal} />}
      {question ? (
        <Suspense fallback={<Skeleton className="h-96 w-full" />}>
          <Answer key={JSON.stringify(question)} account={account} question={question} />
        </Suspense>
      ) : (
        <EmptyState title="Pick a principal">
          {view === "from" ? "Choose a user or role to see every principal it can become, and how." : "Choose a user or role to see every principal that can become it, and how."}
        </EmptyState>
      )}
    </div>
  );
}

function PrincipalPicker({ account, view, current }: { account: string; view: View; current?: string }) {
  const router = useConsoleRouter();
  const pathname = usePathname();
  const [text, setText] = useState("");
  const query = useDeferredValue(text);
  const { data: found = [], isFetching } = usePrincipalSearch(account, query);
  const [open, setOpen] = useState(false);
  return (
    <div className="relative mb-5 max-w-2xl">
      <label htmlFor="escalation-principal" className="text-xs font-medium text-slate-600">
        {view === "from" ? "What can this principal become?" : "Who can become this principal?"}
      </label>
      <input
        id="escalation-principal"
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls="escalation-principal-options"
        aria-autocomplete="list"
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        placeholder={current ? shortName(current) : "Type a user or role name…"}
        className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      {current && <p className="mt-1 break-all font-mono text-[11px] text-slate-500">{current}</p>}
      {open && (
        <ul id="escalation-principal-options" role="listbox" aria-label="Principals" aria-busy={isFetching} className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {found.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">{isFetching ? "Searching…" : "No user or role matches"}</li>}
          {found.map((n) => (
            <li key={n.arn} role="option" aria-selected={n.arn === current}>
              <button
                type="button"
                onClick={() => {
                  setOpen(false);
                  setText("");
                  router.push(questionHref(pathname, view, n.arn));
                }}
                className="block w-full px-3 py-1.5 text-left hover:bg-indigo-50"
              >
                <span className="break-all text-sm font-medium text-slate-900">{n.name}</span>
                <span className="ml-2 text-xs text-slate-500">
                  {n.kind} · {n.account}
                  {n.admin ? " · administrator" : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function summary(question: EscalationQuestion, total: number, principal?: EscalationNodeView): string {
  const n = total.toLocaleString("en-US");
  if (question.view === "admin") return total ? `${n} principal${total === 1 ? "" : "s"} of this account can become an administrator (or grant themselves anything). Nearest first.` : "No principal of this account can become an administrator.";
  const who = principal?.name ?? shortName(question.principal);
  if (question.view === "from") return total ? `${who} can become ${n} principal${total === 1 ? "" : "s"}${principal?.admin ? " (it is an administrator already)" : ""}.` : `${who} can become nobody else.`;
  return total ? `${n} principal${total === 1 ? "" : "s"} can become ${who}.` : `Nobody can become ${who}.`;
}

function Answer({ account, question }: { account: string; question: EscalationQuestion }) {
  const { data } = useEscalationAnswer(account, question);
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState(0);
  const [hop, setHop] = useState(0);
  const [node, setNode] = useState<string | null>(null);
  const needle = useDeferredValue(filter.toLowerCase());
  const paths = useMemo(
    () => (needle ? data.paths.filter((p) => [p.from, ...p.hops.map((h) => `${h.to} ${h.method}`)].join(" ").toLowerCase().includes(needle)) : data.paths),
    [data.paths, needle],
  );
  const path: EscalationPathView | null = paths[chosen] ?? paths[0] ?? null;
  const focus = node ?? path?.from ?? data.principal?.arn ?? null;
  const near = useNeighbourhood(account, focus);
  const nodes = useMemo(() => ({ ...(near.data?.nodes ?? {}), ...data.nodes }), [data.nodes, near.data]);

  if (question.view !== "admin" && !data.principal) {
    return <EmptyState title="Not a principal of this workspace">{question.principal} is no user or role of this account&apos;s workspace.</EmptyState>;
  }
  const choose = (index: number) => {
    setChosen(index);
    setHop(0);
    setNode(null);
  };
  const current = path?.hops[Math.min(hop, path.hops.length - 1)];
  return (
    <div>
      <p className="mb-4 text-sm text-slate-700" aria-live="polite">
        {summary(question, data.total, data.principal)}
        {data.total > data.paths.length && ` The ${data.paths.length} nearest are listed.`}
        <span className="ml-2 text-xs text-slate-500">
          {describeGraphCounts(data.counts)}
        </span>
      </p>
      {data.paths.length === 0 ? (
        <EmptyState title="No path">Every edge was asked of the policy evaluator; none leads here.</EmptyState>
      ) : (
        // The list keeps to a narrow column: the graph beside it needs the width to fit at full size.
        <div className="grid gap-5 lg:grid-cols-[15rem_minmax(0,1fr)]">
          <Section id="paths" title="Paths" description="Fewest hops; ties by ARN order.">
            <label htmlFor="path-filter" className="sr-only">Filter paths</label>
            <input id="path-filter" type="search" value={filter} onChange={(e) => { setFilter(e.target.value); choose(0); }} placeholder="Name or method…" className="mb-3 w-full rounded-md border border-slate-300 px-3 py-1 text-sm" />
            <ol className="max-h-[560px] space-y-1.5 overflow-auto pr-1" aria-label="Paths">
              {paths.map((p, i) => (
                <li key={`${p.from}>${p.to}`}>
                  <button
                    type="button"
                    aria-pressed={p === path}
                    onClick={() => choose(i)}
                    className={`w-full rounded-md border px-3 py-2 text-left ${p === path ? "border-indigo-400 bg-indigo-50" : "border-slate-200 hover:bg-slate-50"}`}
                    data-testid="escalation-path"
                  >
                    <span className="block text-sm font-medium text-slate-900 [overflow-wrap:anywhere]">{[p.from, ...p.hops.map((h) => h.to)].map(shortName).join(" → ")}</span>
                    <span className="block break-words text-xs text-slate-600 [overflow-wrap:anywhere]">
                      {p.hops.length} hop{p.hops.length === 1 ? "" : "s"} · {breakable(p.hops[0].method)}
                    </span>
                  </button>
                </li>
              ))}
              {paths.length === 0 && <li className="text-sm text-slate-500">No path matches.</li>}
            </ol>
          </Section>
          <div className="min-w-0">
            {path && current && (
              <>
                <div className="mb-3 flex flex-wrap items-center gap-2" role="group" aria-label="Hops">
                  <button type="button" disabled={hop === 0} onClick={() => { setHop(hop - 1); setNode(null); }} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 disabled:opacity-40">
                    ← Previous hop
                  </button>
                  <span className="text-sm text-slate-700" aria-live="polite">
                    Hop {hop + 1} of {path.hops.length}: <span className="break-all font-medium">{shortName(current.from)} → {shortName(current.to)}</span>
                  </span>
                  <button type="button" disabled={hop >= path.hops.length - 1} onClick={() => { setHop(hop + 1); setNode(null); }} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 disabled:opacity-40">
                    Next hop →
                  </button>
                </div>
                <EscalationGraph
                  path={path}
                  nodes={nodes}
                  hop={hop}
                  selected={node}
                  neighbourhood={near.data}
                  onSelectNode={(arn) => setNode(arn)}
                  onSelectHop={(i) => {
                    setHop(i);
                    setNode(null);
                  }}
                />
                <p className="mt-2 text-xs text-slate-500">
                  Solid arrows: the path, lit up to the hop shown. Dashed: the one-hop neighbourhood of {focus ? shortName(focus) : "the selection"}
                  {near.data && (near.data.totals.incoming > near.data.incoming.length || near.data.totals.outgoing > near.data.outgoing.length) ? ` (the first ${near.data.incoming.length + near.data.outgoing.length} of ${near.data.totals.incoming + near.data.totals.outgoing})` : ""}. Click a box for its details, an arrow for its evidence; drag to see the neighbours (the fit button shows them all, smaller).
                </p>
                <div className="mt-4">{node && nodes[node] ? <NodePanel node={nodes[node]} near={near.data && near.data.node.arn === node ? near.data.totals : undefined} /> : <HopPanel hop={current} index={hop} nodes={nodes} />}</div>
              </>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function HopPanel({ hop, index, nodes }: { hop: EscalationHopView; index: number; nodes: Record<string, EscalationNodeView> }) {
  const name = (arn: string) => nodes[arn]?.name ?? shortName(arn);
  return (
    <section aria-labelledby="hop-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="hop-panel">
      <h2 id="hop-heading" className="text-sm font-semibold text-slate-900">
        Hop {index + 1}: <span className="break-all">{name(hop.from)}</span> → <span className="break-all">{hop.to === "admin" ? "admin (any permission it grants itself)" : name(hop.to)}</span>
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Method <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[12px] [overflow-wrap:anywhere]">{breakable(hop.method)}</code>
        {hop.service && <> · handed to <span className="font-medium">{hop.service}</span></>}
        {hop.via && <> · via <span className="break-all font-mono text-[12px]">{hop.via}</span></>}
      </p>
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wider text-slate-500">Evidence</h3>
      <ul className="mt-1 space-y-1" aria-label="Evidence">
        {hop.evidence.map((e) => {
          const text = `${statementLabel(e)} of ${kindOfPolicy[e.kind] ?? e.kind} ${e.policy}${e.target ? ` attached to ${e.target}` : ""}`;
          return (
            <li key={`${e.kind}:${e.policy}:${e.statement}`} className="text-sm text-slate-800">
              {e.source ? <Link href={sourceHref(e.source)} className="font-medium text-indigo-700 hover:underline">{text}</Link> : <span className="font-medium">{text}</span>}
              <span className="ml-2 text-xs text-slate-500">allows {e.actions.join(", ")}</span>
            </li>
          );
        })}
      </ul>
      {hop.assumes.length > 0 && (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900">
          Assumes absent: {hop.assumes.join(", ")} — keys no export or workspace can know, treated as AWS treats a key it does not receive.
        </p>
      )}
    </section>
  );
}

function NodePanel({ node, near }: { node: EscalationNodeView; near?: { incoming: number; outgoing: number } }) {
  const pathname = usePathname();
  const href = entityHref(node);
  return (
    <section aria-labelledby="node-heading" className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="node-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="node-heading" className="break-all text-sm font-semibold text-slate-900">{node.kind === "admin" ? "admin" : node.name}</h2>
        <Badge tone={node.kind === "user" ? "indigo" : "slate"}>{node.kind === "admin" ? "virtual node" : node.kind}</Badge>
        {node.admin && node.kind !== "admin" && <Badge tone="red">administrator</Badge>}
      </div>
      {node.kind === "admin" ? (
        <p className="mt-1 text-sm text-slate-700">Reaching it means granting oneself any permission: a policy put on oneself, one's group or a role one can use, or a new default version of an attached policy.</p>
      ) : (
        <>
          <p className="mt-1 break-all font-mono text-[12px] text-slate-600">{node.arn}</p>
          <p className="mt-1 text-xs text-slate-500">Account {node.account}{near ? ` · ${near.incoming} principal${near.incoming === 1 ? "" : "s"} can become it in one hop; it can become ${near.outgoing}` : ""}</p>
          <div className="mt-3 flex flex-wrap gap-3 text-sm">
            {href && <Link href={href} className="font-medium text-indigo-700 hover:underline">Open the {node.kind}&apos;s page</Link>}
            <Link href={questionHref(pathname, "from", node.arn)} className="font-medium text-indigo-700 hover:underline">What can it become?</Link>
            <Link href={questionHref(pathname, "to", node.arn)} className="font-medium text-indigo-700 hover:underline">Who can become it?</Link>
          </div>
        </>
      )}
    </section>
  );
}
