import type { Metadata } from "next";
import { requireAccountAccess } from "@/app/server/account-access";
import { Refusal } from "@/components/refusal";

export const metadata: Metadata = { title: "Not for your console role" };

/** Where a page refuses a console role (requireAccountAccess): inside the console, its navigation at hand. */
export default async function ForbiddenInConsolePage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<{ need?: string }> }) {
  const { account } = await params;
  const user = await requireAccountAccess(account, "read");
  const { need } = await searchParams;
  return (
    <div className="pt-12">
      <Refusal need={need} role={user.role} back={{ href: `/${account}`, label: "Back to the account's overview" }} />
    </div>
  );
}
