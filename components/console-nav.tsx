"use client";

import { useLinkStatus } from "next/link";
import Link, { useConsolePathname } from "@/components/workspace-link";
import { consoleAreas } from "./console-areas";
import type { ConsolePermission } from "@/lib/auth/console-roles";

/**
 * Shows that a clicked link's page is on its way. The console has no route-level loading.tsx (its
 * Suspense boundary would send a 200 before a page could answer 404), so the link itself says so.
 */
function PendingMark() {
  const { pending } = useLinkStatus();
  return pending ? <span aria-hidden className="ml-2 inline-block h-1.5 w-1.5 rounded-full bg-indigo-300 align-middle" /> : null;
}

export function ConsoleNav({ account, isAdmin, permissions = [] }: { account: string; isAdmin: boolean; /** what the user's console role allows */ permissions?: readonly ConsolePermission[] }) {
  const pathname = useConsolePathname();
  const areas = consoleAreas.filter((a) => (isAdmin || !a.adminOnly) && (!a.permission || permissions.includes(a.permission)));
  const groups = [...new Set(areas.map((a) => a.group))];
  const linkClass = (active: boolean) =>
    `block rounded-md px-3 py-0.5 text-sm leading-5 ${active ? "bg-indigo-600 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`;
  return (
    <nav aria-label="Console" className="space-y-1.5">
      <Link href={`/${account}`} className={linkClass(pathname === `/${account}`)} aria-current={pathname === `/${account}` ? "page" : undefined}>
        Overview
      </Link>
      {groups.map((group) => (
        <div key={group}>
          <p className="px-3 pb-0.5 text-[11px] font-semibold uppercase leading-4 tracking-wider text-slate-400">{group}</p>
          <ul>
            {areas
              .filter((a) => a.group === group)
              .map((area) => {
                const href = `/${account}/${area.slug}`;
                const active = pathname === href || pathname.startsWith(`${href}/`);
                return (
                  <li key={area.slug}>
                    <Link href={href} className={linkClass(active)} aria-current={active ? "page" : undefined}>
                      {area.label}
                      <PendingMark />
                    </Link>
                  </li>
                );
              })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
