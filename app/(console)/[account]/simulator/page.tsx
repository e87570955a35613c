import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
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
        subtitle="Any principal of the workspace, many actions, any resource, with the request keys AWS would set: every answer explained, statement by statement."
        actions={<Link href={`/${account}/who-can`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">Who can…?</Link>}
      />
      <Suspense fallback={<p className="text-sm text-slate-500">Loading the simulator…</p>}>
        <SimulatorClient account={account} />
      </Suspense>
    </>
  );
}
