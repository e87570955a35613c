import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/app/server/session";
import { safeNextPath } from "@/lib/auth/safe-next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNextPath(next));
  return (
    <main className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span aria-hidden className="grid h-9 w-9 place-items-center rounded-lg bg-indigo-500 text-lg font-bold">R</span>
          <span className="text-2xl font-semibold tracking-tight">Roleplay</span>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-xl">
          <h1 className="text-lg font-semibold text-slate-900">Sign in</h1>
          <p className="mb-5 mt-1 text-sm text-slate-500">Design IAM roles and see what they really allow.</p>
          <SignInForm next={typeof next === "string" ? next : undefined} />
        </div>
        <p className="mt-4 text-center text-xs text-slate-400">
          No account? An administrator adds you with <code className="font-mono">npx roleplay users add</code>.
        </p>
      </div>
    </main>
  );
}
