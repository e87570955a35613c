import { percentDecodedOrAsSent } from "@/lib/percent-decoding";
import type { Metadata } from "next";
import { getUserDetail } from "@/lib/iam/users";
import { loadDetail } from "@/app/server/load-detail";
import { Breadcrumb } from "@/components/breadcrumb";
import { PolicyList } from "@/components/policy-list";
import { EmptyState, KeyValues, PageHeader, Section, Tags, TextLink } from "@/components/ui";
import { formatDate } from "@/components/format";
import { requireAccountAccess } from "@/app/server/account-access";
import { PermissionSummary } from "@/components/compute/permission-summary";
import { CanDoBox } from "@/components/simulator/can-do-box";
import { exampleRequests, summarizeUserPermissions } from "@/lib/simulation/effective-permissions";
import { readPrincipalReview } from "@/lib/io/account-review";
import { PrincipalFindings } from "@/components/review/principal-findings";
import { listAccessKeys } from "@/lib/iam/access-keys";
import { AccessKeysPanel } from "@/components/api/access-keys-panel";

type Params = { account: string; name: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  return { title: `User ${percentDecodedOrAsSent((await params).name)}` };
}

export default async function UserPage({ params }: { params: Promise<Params> }) {
  const { account, name } = await params;
  await requireAccountAccess(account, "read");
  const user = await loadDetail(account, (db) => getUserDetail(db, account, percentDecodedOrAsSent(name)));
  const [summary, review, examples, accessKeys] = await loadDetail(account, (db) => Promise.all([summarizeUserPermissions(db, account, user.name), readPrincipalReview(db, account, user.arn), exampleRequests(db, account), listAccessKeys(db, { accountId: account, userName: user.name })]));
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
      <Section id="access-keys" title="Access keys" description="Long-term keys (AKIA…) for the AWS CLI and SDKs against npx roleplay api; every request they sign is decided as this user and shows in the decision log.">
        <AccessKeysPanel account={account} userName={user.name} keys={accessKeys} />
      </Section>
      <Section id="permissions" title="Own policies" description="Inline and attached policies of this user; group policies add to them.">
        <PolicyList account={account} inline={user.inlinePolicies} attached={user.attachedPolicies} emptyText="No policies of its own" />
      </Section>
      <Section id="effective" title="Effective permissions" description="What the user may do, per service and access level: own policies and every group's, capped by the permissions boundary and the SCPs above the account.">
        {summary.services.length ? (
          <PermissionSummary summary={summary} label={`Effective permissions of ${user.name}`} />
        ) : (
          <EmptyState title="No permissions at all">No policy of this user or their groups allows anything: every request they make is implicitly denied.</EmptyState>
        )}
      </Section>
      <Section id="can-do" title={`Can ${user.name} do…?`} description="One request decided by the evaluator with the keys AWS sets for this user, and the full explanation.">
        <CanDoBox
          account={account}
          caller={{ kind: "user", arn: user.arn }}
          subject={user.name}
          examples={examples}
        />
      </Section>
      <Section id="findings" title="PassRole and escalation findings" description="From the PassRole review of this account: what this user may pass, and the findings that concern them." actions={<TextLink href={`/${account}/review?service=all`}>Open the review</TextLink>}>
        <PrincipalFindings account={account} subject={user.name} read={review} />
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
