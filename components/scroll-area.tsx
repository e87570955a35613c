"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A box that scrolls when its content is wider (or taller) than it. While it does, it joins the tab
 * order, named, so that keyboard users can reach it and scroll it with the arrow keys; when
 * everything fits it stays out of the way. A figure keeps its role and its name at all times.
 */
export function ScrollArea({ label, className = "", as: Tag = "div", children }: { label: string; className?: string; as?: "div" | "figure"; children: React.ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight);
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, []);
  const naming = Tag === "figure" ? { "aria-label": label } : scrolls ? { role: "group", "aria-label": label } : {};
  return (
    <Tag ref={ref as React.RefObject<HTMLDivElement>} className={className} tabIndex={scrolls ? 0 : undefined} {...naming}>
      {children}
    </Tag>
  );
}
