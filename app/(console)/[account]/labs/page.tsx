import type { Metadata } from "next";
import Link from "@/components/workspace-link";
import { Badge, EmptyState, PageHeader } from "@/components/ui";
import { GlossaryTerm } from "@/components/glossary-term";
import { requireAccountAccess } from "@/app/server/account-access";
import { currentWorkspaceName } from "@/app/server/workspace-db";
import { getDb } from "@/lib/db/prisma";
import { projectRoot } from "@/lib/env";
import { readLabDirectory } from "@/lib/labs";
import { describeLabSize, summarizeLabs } from "@/lib/labs/lab-view";

export const metadata: Metadata = { title: "Labs" };
export const dynamic = "force-dynamic";

export default async function LabsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  await requireAccountAccess(account, "read");
  const workspace = await currentWorkspaceName();
  const entry = await (await getDb()).classroomWorkspace.findUnique({ where: { name: workspace }, select: { lab: true } });
  const { labs, problems } = readLabDirectory();
  const summaries = summarizeLabs(labs, entry?.lab ?? null);
  const missingOwnLab = entry?.lab && !labs.some((lab) => lab.id === entry.lab) ? entry.lab : null;
  return (
    <>
      <PageHeader
        kind="Learn"
        title="Labs"
        subtitle={
          <>
            Exercises on the demo&apos;s stories. Each opens with requests to predict — Allow or Deny? — before the evaluator answers, then checks that answer themselves on workspace <span className="font-medium text-slate-800">{workspace}</span> as you change it: a <GlossaryTerm term="trust policy">trust policy</GlossaryTerm>, an <GlossaryTerm term="instance profile">instance profile</GlossaryTerm>, a <GlossaryTerm term="PassRole">PassRole</GlossaryTerm> grant.
          </>
        }
      />
      {missingOwnLab && (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
          This workspace was made for lab <span className="font-mono">{missingOwnLab}</span>, which is no longer in the labs folder.
        </p>
      )}
      {summaries.length === 0 ? (
        <EmptyState title="No labs yet">
          A lab is a JSON file in the project&apos;s <code className="font-mono">labs/</code> folder (the format is in docs/labs.md); <code className="font-mono">npx roleplay lab list</code> checks them.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Labs">
          {summaries.map((lab) => (
            <li key={lab.id} className={`flex flex-col rounded-xl border bg-white p-5 shadow-sm ${lab.isWorkspaceLab ? "border-indigo-300 ring-1 ring-indigo-200" : "border-slate-200"}`}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="text-base font-semibold text-slate-900">
                  <Link href={`/${account}/labs/${lab.id}`} className="text-indigo-700 hover:underline">
                    {lab.title}
                  </Link>
                </h2>
                {lab.isWorkspaceLab && <Badge tone="indigo">this workspace&apos;s lab</Badge>}
              </div>
              <p className="mt-2 line-clamp-4 text-sm text-slate-600">{lab.goal}</p>
              <div className="mt-auto flex flex-wrap items-center gap-2 pt-3 text-xs text-slate-600">
                {lab.stories.map((story) => (
                  <Badge key={story}>{story}</Badge>
                ))}
                <span>{describeLabSize(lab)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {problems.length > 0 && (
        <section aria-labelledby="lab-problems" className="mt-6 rounded-xl border border-amber-200 bg-amber-50 p-4">
          <h2 id="lab-problems" className="text-sm font-semibold text-amber-900">
            {problems.length === 1 ? "A lab file could not be read" : `${problems.length} lab files could not be read`}
          </h2>
          <ul className="mt-2 space-y-1 font-mono text-xs text-amber-900">
            {problems.map((problem) => (
              <li key={problem} className="whitespace-pre-wrap break-words">{problem.replaceAll(`${projectRoot}/`, "")}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
