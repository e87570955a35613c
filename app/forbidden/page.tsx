import { Refusal } from "@/components/refusal";
import { currentUser } from "@/app/server/session";

/** The refusal outside any account (a console page refuses inside the console: [account]/forbidden). */
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  const user = await currentUser();
  // Padding, not a margin: a margin would push the page past the window's height.
  return (
    <main className="px-4 pt-20">
      <Refusal need={need} role={user?.role} back={{ href: "/", label: "Back to the console" }} />
    </main>
  );
}
