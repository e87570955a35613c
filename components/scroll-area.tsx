"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A box that scrolls when its content is wider (or taller) than it. While it does, it joins the tab
 * order, named, so that keyboard users can reach it and scroll it with the arrow keys; when
 * everything fits it stays out of the way. A figure keeps its role and its name at all times.
 * Content cut at an edge is shaded there: overlay scrollbars (macOS, touch) show nothing until one
 * scrolls, and a column cut at the card's edge would read as the whole table.
 */
export function ScrollArea({ label, className = "", as: Tag = "div", children }: { label: string; className?: string; as?: "div" | "figure"; children: React.ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [scrolls, setScrolls] = useState(false);
  const [more, setMore] = useState({ left: false, right: false });
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      setScrolls(box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight);
      // A pixel of slack: scrollWidth rounds where the layout's widths do not.
      const left = box.scrollLeft > 1;
      const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
      setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    box.addEventListener("scroll", measure, { passive: true });
    measure();
    return () => {
      observer.disconnect();
      box.removeEventListener("scroll", measure);
    };
  }, []);
  const naming = Tag === "figure" ? { "aria-label": label } : scrolls ? { role: "group", "aria-label": label } : {};
  const shade = "pointer-events-none absolute inset-y-0 w-8 from-slate-900/15 to-transparent";
  return (
    <div className="relative min-w-0">
      <Tag ref={ref as React.RefObject<HTMLDivElement>} className={className} tabIndex={scrolls ? 0 : undefined} {...naming}>
        {children}
      </Tag>
      {more.left && <span aria-hidden data-scroll-cue="left" className={`${shade} left-0 bg-gradient-to-r`} />}
      {more.right && <span aria-hidden data-scroll-cue="right" className={`${shade} right-0 bg-gradient-to-l`} />}
    </div>
  );
}
