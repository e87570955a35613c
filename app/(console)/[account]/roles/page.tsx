import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { PrefetchedArea } from "@/app/server/prefetch-area";
import { RolesClient } from "./roles-client";

export const metadata: Metadata = { title: "Roles" };

export default async function RolesPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <>
      <PageHeader kind="IAM" title="Roles" subtitle="Identities that trusted principals — EC2 instances, ECS tasks, other accounts — assume to get temporary credentials." />
      <PrefetchedArea account={account} area="roles">
        <RolesClient account={account} />
      </PrefetchedArea>
    </>
  );
}
