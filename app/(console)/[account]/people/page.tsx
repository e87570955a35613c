import type { Metadata } from "next";
import { getDb } from "@/lib/db/prisma";
import { listConsoleUsers } from "@/lib/auth/console-users";
import { requireAccountAccess } from "@/app/server/account-access";
import { PageHeader, Section } from "@/components/ui";
import { PeopleClient } from "./people-client";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ params }: { params: Promise<{ account: string }> }) {
  const me = await requireAccountAccess((await params).account, "admin");
  const [users, workspaces] = await Promise.all([listConsoleUsers(await getDb()), (await getDb()).workspace.findMany({ select: { id: true, name: true } })]);
  return (
    <>
      <PageHeader kind="Console" title="People" subtitle="Who may sign in to this console, and what their console role lets them do." />
      <Section title="Console roles" description="Checked on every action, in one place.">
        <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
          <div><dt className="font-medium">Administrator</dt><dd className="text-slate-600">Everything, including people, backups and restores.</dd></div>
          <div><dt className="font-medium">Editor</dt><dd className="text-slate-600">Changes the IAM model and the sandbox.</dd></div>
          <div><dt className="font-medium">Viewer</dt><dd className="text-slate-600">Reads everything and runs simulations; changes nothing.</dd></div>
          <div><dt className="font-medium">Trainee</dt><dd className="text-slate-600">Works only in the workspaces assigned to them.</dd></div>
        </dl>
      </Section>
      <PeopleClient users={users} me={me.email} workspaces={workspaces} />
    </>
  );
}
