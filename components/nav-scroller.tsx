"use client";

import { useEffect, useRef, useState } from "react";
import { useConsolePathname } from "@/components/workspace-link";

const mark = "pointer-events-auto rounded-full bg-slate-700 px-2 py-0.5 text-[11px] font-medium text-slate-100 shadow hover:bg-slate-600";

/**
 * The console navigation's own scrolling box, for windows too short to show every link: the
 * current page's link is scrolled into view, and while links are out of sight a "more" mark says
 * so at that edge (a click scrolls to them). The links stay in the tab order, so keyboard users
 * scroll by moving through them; the marks are for the pointer only.
 */
export function NavScroller({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const pathname = useConsolePathname();
  const [hidden, setHidden] = useState({ above: false, below: false });

  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      const above = box.scrollTop > 1;
      const below = box.scrollTop + box.clientHeight < box.scrollHeight - 1;
      setHidden((was) => (was.above === above && was.below === below ? was : { above, below }));
    };
    box.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    for (const child of box.children) observer.observe(child);
    measure();
    return () => {
      box.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, []);

  useEffect(() => {
    const box = ref.current;
    const link = box?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!box || !link) return;
    // Scrolls this box only (scrollIntoView could move the page as well), centring a link out of view.
    const top = offsetIn(box, link);
    if (top < box.scrollTop || top + link.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = top - (box.clientHeight - link.offsetHeight) / 2;
  }, [pathname]);

  // A link reached with Tab must not sit under an edge's mark: keep it a mark's height inside.
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const keepInside = (event: FocusEvent) => {
      const link = event.target as HTMLElement;
      const margin = 32;
      const top = offsetIn(box, link);
      if (top - margin < box.scrollTop) box.scrollTop = Math.max(0, top - margin);
      else if (top + link.offsetHeight + margin > box.scrollTop + box.clientHeight) box.scrollTop = top + link.offsetHeight + margin - box.clientHeight;
    };
    box.addEventListener("focusin", keepInside);
    return () => box.removeEventListener("focusin", keepInside);
  }, []);

  const scroll = (direction: 1 | -1) => ref.current?.scrollBy({ top: direction * ref.current.clientHeight * 0.8, behavior: "smooth" });
  return (
    <div ref={ref} data-testid="console-nav-scroller" className="-mx-1 min-h-0 flex-1 overflow-y-auto px-1 py-1 [scrollbar-color:#475569_transparent] [scrollbar-width:thin]">
      {hidden.above && (
        <div aria-hidden className="pointer-events-none sticky top-0 z-10 -mb-7 flex h-7 items-start justify-end bg-gradient-to-b from-slate-900 via-slate-900/90 to-transparent pr-1" data-testid="console-nav-more-above">
          <button type="button" tabIndex={-1} onClick={() => scroll(-1)} className={mark}>More ▴</button>
        </div>
      )}
      {children}
      {hidden.below && (
        <div aria-hidden className="pointer-events-none sticky bottom-0 z-10 -mt-7 flex h-7 items-end justify-end bg-gradient-to-t from-slate-900 via-slate-900/90 to-transparent pr-1" data-testid="console-nav-more">
          <button type="button" tabIndex={-1} onClick={() => scroll(1)} className={mark}>More ▾</button>
        </div>
      )}
    </div>
  );
}

/** Where `link` sits in `box`'s scrolled content, from its top. */
function offsetIn(box: HTMLElement, link: HTMLElement): number {
  return link.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
}
