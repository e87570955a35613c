"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { consoleAreas } from "./console-areas";

export function ConsoleNav({ account, isAdmin }: { account: string; isAdmin: boolean }) {
  const pathname = usePathname();
  const areas = consoleAreas.filter((a) => isAdmin || !a.adminOnly);
  const groups = [...new Set(areas.map((a) => a.group))];
  const linkClass = (active: boolean) =>
    `block rounded-md px-3 py-0.5 text-sm leading-5 ${active ? "bg-indigo-600 text-white" : "text-slate-300 hover:bg-slate-800 hover:text-white"}`;
  return (
    <nav aria-label="Console" className="space-y-3">
      <Link href={`/${account}`} className={linkClass(pathname === `/${account}`)} aria-current={pathname === `/${account}` ? "page" : undefined}>
        Overview
      </Link>
      {groups.map((group) => (
        <div key={group}>
          <p className="px-3 pb-1 text-[11px] font-semibold uppercase tracking-wider text-slate-400">{group}</p>
          <ul className="space-y-0.5">
            {areas
              .filter((a) => a.group === group)
              .map((area) => {
                const href = `/${account}/${area.slug}`;
                const active = pathname === href || pathname.startsWith(`${href}/`);
                return (
                  <li key={area.slug}>
                    <Link href={href} className={linkClass(active)} aria-current={active ? "page" : undefined}>
                      {area.label}
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
