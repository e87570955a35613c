import type { Metadata } from "next";
import { getUserDetail } from "@/lib/iam/users";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyList } from "@/components/policy-list";
import { EmptyState, KeyValues, PageHeader, Section, Tags, TextLink } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `User ${decodeURIComponent((await params).name)}` };
}

export default async function UserPage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const user = await loadDetail(account, (db) => getUserDetail(db, account, decodeURIComponent(name)));
  return (
    <>
      <Breadcrumb parent="Users" href={`/${account}/users`} current={user.name} />
      <PageHeader kind="IAM user" title={user.name} />
      <Section id="summary" title="Summary">
        <KeyValues
          items={[
            { label: "ARN", value: user.arn, mono: true },
            { label: "User id", value: user.id, mono: true },
            { label: "Created", value: formatDate(user.createdAt) },
            { label: "Permissions boundary", value: user.permissionsBoundaryArn ?? <span className="text-slate-500">Not set</span> },
            { label: "Tags", value: <Tags tags={user.tags} /> },
          ]}
        />
      </Section>
      <Section id="permissions" title="Own policies" description="Inline and attached policies of this user; group policies add to them.">
        <PolicyList account={account} inline={user.inlinePolicies} attached={user.attachedPolicies} emptyText="No policies of its own" />
      </Section>
      <Section id="groups" title="Groups">
        {user.groups.length === 0 ? (
          <EmptyState title="In no group" />
        ) : (
          <ul className="space-y-1 text-sm">
            {user.groups.map((g) => (
              <li key={g.name}><TextLink href={`/${account}/groups/${encodeURIComponent(g.name)}`}>{g.name}</TextLink> <span className="text-xs text-slate-500">{g.policyCount} {g.policyCount === 1 ? "policy" : "policies"}</span></li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
