import type { Metadata } from "next";
import Link from "@/components/workspace-link";
import { loadDetail } from "@/app/server/load-detail";
import { countAccountEntities, getAccount } from "@/lib/iam/accounts";
import { consoleAreas } from "@/components/console-areas";
import { PageHeader, Section } from "@/components/ui";
import { requireAccountAccess } from "@/app/server/account-access";

export const metadata: Metadata = { title: "Overview" };

const stories = [
  {
    account: "111111111111",
    title: "Get-pics: an instance that never sees a key",
    body: "Role Get-pics trusts only EC2 and may read one bucket. Instance photos-app carries it through instance profile Get-pics and gets rotating credentials from instance metadata (IMDSv2 required).",
    links: [["Role Get-pics", "roles/Get-pics"], ["Instance profile", "instance-profiles/Get-pics"], ["Bucket", "buckets/amzn-s3-demo-bucket-photos"]],
  },
  {
    account: "111111111111",
    title: "Alice: when passing a role is an escalation",
    body: "Alice may launch instances and use S3, and may pass any role to EC2 — including ops-admin, which holds IAM and DynamoDB permissions she lacks. Bob may pass only Get-pics.",
    links: [["User alice", "users/alice"], ["Role ops-admin", "roles/ops-admin"], ["User bob", "users/bob"]],
  },
  {
    account: "111111111111",
    title: "Cross-account: abcd assumes efgh",
    body: "An instance in 111111111111 runs as abcd, which may call sts:AssumeRole on efgh in 222222222222; efgh's trust policy names abcd. Both sides are needed.",
    links: [["Role abcd", "roles/abcd"], ["Role efgh (222222222222)", "/222222222222/roles/efgh"]],
  },
  {
    account: "111111111111",
    title: "ECS: a task with its own role",
    body: "The thumbnailer task runs on photos-cluster with its own least-privilege task role, distinct from the container instances' role.",
    links: [["ECS tasks", "ecs-tasks"], ["Task role", "roles/photos-thumbnailer-task"]],
  },
];

export default async function AccountOverview({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const [current, counts] = await loadDetail(account, (db) => Promise.all([getAccount(db, account), countAccountEntities(db, account)]));
  const countByArea: Record<string, number> = {
    roles: counts.roles,
    policies: counts.managedPolicies,
    users: counts.users,
    groups: counts.groups,
    "instance-profiles": counts.instanceProfiles,
    instances: counts.instances,
    buckets: counts.buckets,
  };
  const here = stories.filter((s) => s.account === account);
  return (
    <>
      <PageHeader kind={`Account ${current.id}`} title={current.name} subtitle="Design roles, attach them to instances and tasks, and see what they really allow." />
      <div className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {consoleAreas
          .filter((a) => a.slug in countByArea)
          .map((area) => (
            <Link key={area.slug} href={`/${account}/${area.slug}`} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300">
              <p className="text-xs font-medium text-slate-500">{area.label}</p>
              <p className="mt-1 text-2xl font-semibold tabular-nums">{countByArea[area.slug]}</p>
            </Link>
          ))}
      </div>
      {here.length > 0 && (
        <Section title="The demo's stories" description="From AWS's guide to IAM roles for applications on EC2.">
          <div className="grid gap-4 md:grid-cols-2">
            {here.map((story) => (
              <article key={story.title} className="rounded-lg border border-slate-200 p-4">
                <h3 className="font-medium text-slate-900">{story.title}</h3>
                <p className="mt-1 text-sm text-slate-600">{story.body}</p>
                <p className="mt-3 flex flex-wrap gap-3 text-sm">
                  {story.links.map(([label, href]) => (
                    <Link key={href} href={href.startsWith("/") ? href : `/${account}/${href}`} className="font-medium text-indigo-700 hover:underline">{label} →</Link>
                  ))}
                </p>
              </article>
            ))}
          </div>
        </Section>
      )}
    </>
  );
}
