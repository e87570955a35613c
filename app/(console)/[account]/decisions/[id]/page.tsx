import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { findAccountWorkspaceId } from "@/lib/creds/workspace-clock";
import { getDecision } from "@/lib/api/decision-log";
import { Breadcrumb } from "@/components/breadcrumb";
import { DecisionLogBadge } from "@/components/api/decision-log-badge";
import { DecisionBadge } from "@/components/compute/decision-badge";
import { Badge, KeyValues, PageHeader, Section } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Decision" };

export default async function DecisionPage({ params }: { params: Promise<{ account: string; id: string }> }) {
  const { account, id } = await params;
  await requireAccountAccess(account, "read");
  if (!/^\d{1,12}$/.test(id)) notFound();
  const db = await getPageWorkspaceDb();
  const entry = await getDecision(db, await findAccountWorkspaceId(db, account), Number(id));
  if (!entry) notFound();
  const { explanation } = entry;
  return (
    <>
      <Breadcrumb parent="Decision log" href={`/${account}/decisions`} current={`#${entry.id}`} />
      <PageHeader kind={`${entry.service.toUpperCase()} ${entry.operation}`} title={`${entry.action} on ${entry.resource}`} subtitle={explanation.summary} />
      <Section id="request" title="Request">
        <KeyValues
          items={[
            { label: "Decision", value: <DecisionLogBadge decision={entry.decision} /> },
            { label: "Answered", value: `${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : " OK"}` },
            { label: "Time (workspace clock)", value: formatDate(entry.at) },
            { label: "Caller", value: entry.caller, mono: true },
            { label: "Access key", value: entry.accessKeyId ?? "—", mono: true },
            { label: "Deciding statement", value: entry.deciding ?? "—" },
            { label: "Source address", value: entry.sourceIp ?? "—", mono: true },
            { label: "Signed for", value: explanation.signature ? `${explanation.signature.region ?? "?"}${explanation.signature.presigned ? " (presigned URL)" : ""}` : "—" },
            { label: "Request id", value: entry.requestId, mono: true },
          ]}
        />
        {explanation.message && (
          <p className="mt-4 break-words rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800">
            An error occurred ({entry.errorCode}) when calling the {entry.operation} operation: {explanation.message}
          </p>
        )}
      </Section>
      <Section id="checks" title={`Authorization checks (${explanation.checks.length})`} description="Every request the call made to the evaluator, in order: the operation's own action, then what it checks on the way (iam:PassRole when a role is passed, s3:ListBucket for a missing key).">
        {explanation.checks.length === 0 ? (
          <p className="text-sm text-slate-600">{entry.decision === "Allow" ? "This operation needs no permission." : "The request was refused before any authorization check."}</p>
        ) : (
          <ol className="space-y-4">
            {explanation.checks.map((check, i) => (
              <li key={i} className="rounded-lg border border-slate-200 p-4">
                <p className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="text-xs font-semibold text-slate-500">#{i + 1}</span>
                  <DecisionBadge decision={check.decision} />
                  <code className="font-mono text-[13px]">{check.action}</code>
                  <span className="text-slate-500">on</span>
                  <code className="break-all font-mono text-[13px]">{check.resource}</code>
                </p>
                <p className="mt-2 text-sm text-slate-700">{check.summary}</p>
                {check.deciding.length > 0 && (
                  <p className="mt-2 text-sm">
                    <span className="font-medium text-slate-800">Deciding: </span>
                    {check.deciding.map((d) => <Badge key={d} tone={check.decision === "Allow" ? "green" : "red"}>{d}</Badge>)}
                  </p>
                )}
                {check.missing && <p className="mt-2 text-sm"><span className="font-medium text-slate-800">Missing: </span><code className="break-all font-mono text-[12px]">{check.missing}</code></p>}
                {check.nearest && (
                  <div className="mt-2 text-sm">
                    <p><span className="font-medium text-slate-800">Closest statement:</span> {check.nearest.statement}</p>
                    <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">{check.nearest.failures.map((f) => <li key={f}>{f}</li>)}</ul>
                  </div>
                )}
                <details className="mt-3">
                  <summary className="cursor-pointer text-xs font-medium text-slate-600">Request context ({Object.keys(check.context).length} keys)</summary>
                  <table className="mt-2 w-full text-left text-xs">
                    <tbody className="divide-y divide-slate-100">
                      {Object.entries(check.context).map(([key, value]) => (
                        <tr key={key}>
                          <td className="py-1 pr-3 font-mono text-slate-600">{key}</td>
                          <td className="break-all py-1 font-mono text-slate-900">{Array.isArray(value) ? value.join(", ") : value}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}
