import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { IfAllowed } from "@/components/console-permissions";
import { currentWorkspaceName, getPageWorkspaceDb } from "@/app/server/workspace-db";
import { listActiveSessions } from "@/lib/creds/role-sessions";
import { accountClockNow, findAccountWorkspaceId, readWorkspaceClock } from "@/lib/creds/workspace-clock";
import { Badge, EmptyState, PageHeader, Section, TextLink } from "@/components/ui";
import { formatDate } from "@/components/format";
import { ClockControls } from "@/components/compute/clock-controls";
import { RevokeSessionButton } from "@/components/compute/revoke-session-button";
import { requireAccountAccess } from "@/app/server/account-access";
import { ScrollArea } from "@/components/scroll-area";

export const metadata: Metadata = { title: "Role sessions" };

const sourceLabel: Record<string, string> = { instance: "EC2 instance", "ecs-task": "ECS task", "assume-role": "AssumeRole" };

export default async function SessionsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const db = await getPageWorkspaceDb();
  const realNow = new Date();
  const [now, clock] = await Promise.all([accountClockNow(db, account, realNow), findAccountWorkspaceId(db, account).then((w) => readWorkspaceClock(db, w, realNow))]);
  const sessions = await listActiveSessions(db, account, now);
  const workspace = await currentWorkspaceName();
  return (
    <>
      <PageHeader kind="STS" title="Role sessions" subtitle={<><GlossaryTerm term="role session">Role sessions</GlossaryTerm>: <GlossaryTerm term="temporary credentials">temporary credentials</GlossaryTerm> issued in this account and still valid on the workspace clock, to instances (through their <GlossaryTerm term="instance profile">profile</GlossaryTerm>), ECS tasks (their <GlossaryTerm term="task role">task role</GlossaryTerm>) and <GlossaryTerm term="assume role">AssumeRole</GlossaryTerm> callers. Secret keys are never shown after issue.</>} />
      <Section id="clock" title="Workspace clock" description="Credentials are issued and expire on this clock. Pause it, or move it forward to watch rotation and expiry.">
        <ClockControls accountId={account} clock={clock} />
      </Section>
      <Section id="sessions" title={`Active sessions (${sessions.length})`}>
        {sessions.length === 0 ? (
          <EmptyState title="No active role sessions">
            Sessions appear when an application fetches credentials: run <code className="font-mono">npx roleplay imds --instance photos-app{workspace === "demo" ? "" : ` --workspace ${workspace}`}</code> and read them with an AWS SDK.
          </EmptyState>
        ) : (
          <ScrollArea label="Active sessions" className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">Principal</th>
                  <th className="py-1 pr-3 font-medium">Access key</th>
                  <th className="py-1 pr-3 font-medium">Source</th>
                  <th className="py-1 pr-3 font-medium">Issued</th>
                  <th className="py-1 pr-3 font-medium">Expires</th>
                  <th className="py-1 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {sessions.map((s) => (
                  <tr key={s.accessKeyId}>
                    <td className="py-2 pr-3 font-mono text-xs">{s.assumedRoleArn}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{s.accessKeyId}</td>
                    <td className="py-2 pr-3">
                      <span className="flex flex-wrap items-center gap-1">
                        <Badge tone={s.source === "assume-role" ? "indigo" : "sky"}>{sourceLabel[s.source] ?? s.source}</Badge>
                        {s.chained && <Badge tone="amber" title="Role chaining: at most one hour">chained</Badge>}
                        {s.source === "instance" && s.sourceId ? <TextLink href={`/${account}/instances/${s.sourceId}`}>{s.sourceId}</TextLink> : null}
                        {s.source === "ecs-task" && s.sourceId ? <TextLink href={`/${account}/ecs-tasks/${s.sourceId}`}>task</TextLink> : null}
                        {s.sourcePrincipal && <span className="font-mono text-xs text-slate-500">by {s.sourcePrincipal}</span>}
                      </span>
                    </td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatDate(s.issuedAt)}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">{formatDate(s.expiresAt)}</td>
                    <td className="py-2"><IfAllowed permission="edit"><RevokeSessionButton accountId={account} accessKeyId={s.accessKeyId} /></IfAllowed></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Section>
    </>
  );
}
