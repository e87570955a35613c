import type { Metadata } from "next";
import Link from "next/link";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { getDb } from "@/lib/db/prisma";
import { reviewAccount } from "@/lib/io/account-review";
import { reviewKeys, reviewSearchSchema } from "@/components/review/review-query";
import { PageHeader } from "@/components/ui";
import { ReviewClient } from "./review-client";
import { requireAccountAccess } from "@/app/server/account-access";
import { roleAllows } from "@/lib/auth/console-roles";

export const metadata: Metadata = { title: "PassRole review" };
export const dynamic = "force-dynamic";

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<{ service?: string }> }) {
  const { account } = await params;
  const user = await requireAccountAccess(account, "read");
  const { service } = reviewSearchSchema.parse(await searchParams);
  const queryClient = new QueryClient();
  const db = await getDb();
  await queryClient.prefetchQuery({ queryKey: reviewKeys.view(account, service), queryFn: () => reviewAccount(db, account, service) });
  return (
    <>
      <PageHeader
        kind="Security review"
        title="PassRole review"
        subtitle="Who can hand which role to which service — and whether that makes them more powerful than they are. Every answer comes from the policy evaluator."
        actions={
          roleAllows(user.role, "import") ? (
            <Link href={`/${account}/review/import`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
              Import account details…
            </Link>
          ) : undefined
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <ReviewClient account={account} service={service} />
      </HydrationBoundary>
    </>
  );
}
