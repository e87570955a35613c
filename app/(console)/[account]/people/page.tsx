import type { Metadata } from "next";
import { getDb } from "@/lib/db/prisma";
import { listConsoleUsers } from "@/lib/auth/console-users";
import { findSignInLocks } from "@/lib/auth/sign-in-locks";
import { requireAccountAccess } from "@/app/server/account-access";
import { PageHeader, Section } from "@/components/ui";
import { PeopleClient } from "./people-client";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage({ params }: { params: Promise<{ account: string }> }) {
  const me = await requireAccountAccess((await params).account, "admin");
  const db = await getDb();
  const [users, workspaces, locks] = await Promise.all([listConsoleUsers(db), db.classroomWorkspace.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }], select: { name: true } }).then((rows) => rows.map((w) => ({ id: w.name, name: w.name }))), findSignInLocks(db, new Date())]);
  // A person is locked out when any lock holds their email, at one address or everywhere; they wait for the longest.
  const lockedUntil: Record<string, string> = {};
  for (const lock of locks) if (lock.email && !(lockedUntil[lock.email] > lock.until)) lockedUntil[lock.email] = lock.until;
  return (
    <>
      <PageHeader kind="Console" title="People" subtitle="Who may sign in to this console, and what their console role lets them do." />
      <Section title="Console roles" description="Checked on every action, in one place.">
        <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <div><dt className="font-medium">Administrator</dt><dd className="text-slate-600">Everything, including people, backups and restores.</dd></div>
          <div><dt className="font-medium">Editor</dt><dd className="text-slate-600">Changes the IAM model and the sandbox.</dd></div>
          <div><dt className="font-medium">Viewer</dt><dd className="text-slate-600">Reads everything and runs simulations; changes nothing.</dd></div>
          <div><dt className="font-medium">Trainer</dt><dd className="text-slate-600">Works in every workspace and runs the classroom: makes, resets and deletes workspaces, assigns trainees, follows their progress. Not people or backups.</dd></div>
          <div><dt className="font-medium">Trainee</dt><dd className="text-slate-600">Works only in the workspaces assigned to them.</dd></div>
          <div><dt className="font-medium">Auditor</dt><dd className="text-slate-600">Imports account details into, and reviews, the workspaces assigned to them; changes nothing else.</dd></div>
        </dl>
      </Section>
      <PeopleClient users={users} me={me.email} workspaces={workspaces} lockedUntil={lockedUntil} />
    </>
  );
}
