import type { Metadata } from "next";
import { Breadcrumb } from "@/components/breadcrumb";
import { PageHeader } from "@/components/ui";
import { NewRoleClient } from "./new-role-client";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Create role" };

export default async function NewRolePage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "edit");
  return (
    <>
      <Breadcrumb parent="Roles" href={`/${account}/roles`} current="Create role" />
      <PageHeader kind="IAM role" title="Create role" subtitle="Choose who may assume it, design what it may do, and see exactly what it allows before it exists." />
      <NewRoleClient account={account} />
    </>
  );
}
