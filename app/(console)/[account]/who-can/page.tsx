import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getPageWorkspaceDb } from "@/app/server/workspace-db";
import { arns } from "@/lib/iam/arns";
import { whoCanInWorkspace } from "@/lib/authz/who-can-workspace";
import { PageHeader, Section } from "@/components/ui";
import { simulatorKeys, type WhoCanQuestionInput } from "@/components/simulator/simulator-keys";
import { WhoCanPanel, type WhoCanPreset } from "@/components/simulator/who-can-panel";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Who can" };
export const dynamic = "force-dynamic";

type Search = { action?: string; resource?: string; resourceAccount?: string; ctx?: string | string[] };

function readQuestion(search: Search): WhoCanQuestionInput | undefined {
  if (!search.action || !search.resource) return undefined;
  const context: Record<string, string | string[]> = {};
  for (const entry of [search.ctx ?? []].flat()) {
    const at = entry.indexOf("=");
    if (at <= 0) continue;
    const key = entry.slice(0, at);
    const before = context[key];
    context[key] = before === undefined ? entry.slice(at + 1) : [...[before].flat(), entry.slice(at + 1)];
  }
  return { action: search.action, resource: search.resource, ...(search.resourceAccount ? { resourceAccount: search.resourceAccount } : {}), context };
}

export default async function WhoCanPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Search> }) {
  const { account } = await params;
  await requireAccountAccess(account, "simulate");
  const question = readQuestion(await searchParams);
  const queryClient = new QueryClient();
  const db = await getPageWorkspaceDb();
  if (question) {
    // A question the evaluator refuses is shown by the client, with its message.
    await queryClient.prefetchQuery({ queryKey: simulatorKeys.whoCan(account, question), queryFn: () => whoCanInWorkspace(db, { accountId: account, ...question }, new Date()) });
  }
  // Examples from the account itself: its first bucket and role.
  const [bucket, role] = await Promise.all([db.bucket.findFirst({ where: { accountId: account }, orderBy: { name: "asc" } }), db.role.findFirst({ where: { accountId: account }, orderBy: { nameKey: "asc" } })]);
  const presets: WhoCanPreset[] = [
    ...(bucket ? [{ label: `Read an object of ${bucket.name}`, action: "s3:GetObject", resource: `arn:aws:s3:::${bucket.name}/example.txt` }] : []),
    ...(role
      ? [
          { label: `Pass ${role.name} to EC2`, action: "iam:PassRole", resource: arns.role(role.accountId, role.path, role.name), context: { "iam:PassedToService": "ec2.amazonaws.com" } },
          { label: `Assume ${role.name}`, action: "sts:AssumeRole", resource: arns.role(role.accountId, role.path, role.name) },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        kind="Simulate"
        title="Who can…?"
        subtitle={<>Every user and role of the workspace asked whether the request would be allowed — a role as a <GlossaryTerm term="role session">session of itself</GlossaryTerm>, with its <GlossaryTerm term="permissions boundary">boundary</GlossaryTerm>, the <GlossaryTerm term="SCP">SCPs</GlossaryTerm> and <GlossaryTerm term="RCP">RCPs</GlossaryTerm>, and the <GlossaryTerm term="resource-based policy">resource&apos;s own policy</GlossaryTerm> — with the deciding statements.</>}
      />
      <Section id="who-can" title="Question">
        <HydrationBoundary state={dehydrate(queryClient)}>
          <WhoCanPanel account={account} presets={presets} initial={question} syncUrl autoAsk={question !== undefined} />
        </HydrationBoundary>
      </Section>
    </>
  );
}
