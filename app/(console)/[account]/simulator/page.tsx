import { GlossaryTerm } from "@/components/glossary-term";
import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "@/components/workspace-link";
import { PageHeader } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";
import { SimulatorClient } from "./simulator-client";

export const metadata: Metadata = { title: "Policy simulator" };
export const dynamic = "force-dynamic";

export default async function SimulatorPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "simulate");
  return (
    <>
      <PageHeader
        kind="Simulate"
        title="Policy simulator"
        subtitle={<>Any <GlossaryTerm term="principal">principal</GlossaryTerm> of the workspace, many actions, any resource, with the <GlossaryTerm term="condition key">request keys</GlossaryTerm> AWS would set: every answer explained, statement by statement — the Allow that grants it, the <GlossaryTerm term="explicit deny">explicit deny</GlossaryTerm> that refuses it, or the <GlossaryTerm term="implicit deny">implicit deny</GlossaryTerm> when nothing allows it.</>}
        actions={<Link href={`/${account}/who-can`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">Who can…?</Link>}
      />
      <Suspense fallback={<p className="text-sm text-slate-500">Loading the simulator…</p>}>
        <SimulatorClient account={account} />
      </Suspense>
    </>
  );
}
