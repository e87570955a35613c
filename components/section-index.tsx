"use client";

import { useEffect, useState } from "react";

/**
 * A sticky index of a long page's sections: links to each, the one in view marked as current. It
 * stays at the top of the viewport while the page scrolls, so every part is one click away.
 */
export function SectionIndex({ label, sections }: { label: string; sections: { id: string; title: string }[] }) {
  const [current, setCurrent] = useState(sections[0]?.id);
  useEffect(() => {
    const visible = new Map<string, number>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) visible.set(entry.target.id, entry.isIntersecting ? entry.boundingClientRect.top : Number.POSITIVE_INFINITY);
        // The topmost section still on screen is the one being read.
        const top = sections.map((s) => [s.id, visible.get(s.id) ?? Number.POSITIVE_INFINITY] as const).sort((a, b) => a[1] - b[1])[0];
        if (top && top[1] !== Number.POSITIVE_INFINITY) setCurrent(top[0]);
      },
      { rootMargin: "-56px 0px -55% 0px" },
    );
    for (const s of sections) {
      const element = document.getElementById(s.id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [sections]);
  return (
    <nav aria-label={label} className="sticky top-0 z-20 -mx-2 mb-5 overflow-x-auto border-b border-slate-200 bg-slate-50/95 px-2 py-2 backdrop-blur">
      <ul className="flex gap-1 whitespace-nowrap text-sm">
        {sections.map((s) => (
          <li key={s.id}>
            <a href={`#${s.id}`} aria-current={current === s.id ? "location" : undefined} onClick={() => setCurrent(s.id)} className={`block rounded-md px-2.5 py-1 ${current === s.id ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-200 hover:text-slate-900"}`}>
              {s.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
