"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { findGlossaryEntry } from "../lib/glossary";

/** Room kept between the definition and the viewport's edges, and between it and the term. */
const edge = 8;
const gap = 6;
/** Long enough to move the pointer from the term onto its definition without it closing. */
const closeDelayMs = 150;

/**
 * An IAM term with its definition (lib/glossary.ts): a dotted underline, the definition on hover
 * and on keyboard focus, Escape to close. The definition is always in the page, hidden, and named
 * by aria-describedby, so screen readers announce it with the term. It is placed below the term
 * (above when there is no room), kept inside the viewport, and fixed so no scrolling box clips it.
 */
export function GlossaryTerm({ term, children }: { term: string; children?: React.ReactNode }) {
  const entry = findGlossaryEntry(term);
  const id = useId();
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);
  const trigger = useRef<HTMLSpanElement>(null);
  const tip = useRef<HTMLSpanElement>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = () => {
    clearTimeout(closeTimer.current);
    setOpen(true);
  };
  const hide = () => {
    clearTimeout(closeTimer.current);
    setOpen(false);
    setPosition(null);
  };
  const hideSoon = () => {
    clearTimeout(closeTimer.current);
    closeTimer.current = setTimeout(hide, closeDelayMs);
  };

  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      if (!trigger.current || !tip.current) return;
      const term = trigger.current.getBoundingClientRect();
      const { width, height } = tip.current.getBoundingClientRect();
      const below = term.bottom + gap;
      const fitsBelow = below + height <= window.innerHeight - edge;
      const top = fitsBelow || term.top - gap - height < edge ? below : term.top - gap - height;
      const centred = term.left + term.width / 2 - width / 2;
      setPosition({ top, left: Math.max(edge, Math.min(centred, window.innerWidth - width - edge)) });
    };
    place();
    window.addEventListener("scroll", place, true);
    window.addEventListener("resize", place);
    return () => {
      window.removeEventListener("scroll", place, true);
      window.removeEventListener("resize", place);
    };
  }, [open]);

  // Escape closes the definition wherever focus is, as WCAG 1.4.13 asks of content shown on hover.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") hide();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  useEffect(() => () => clearTimeout(closeTimer.current), []);

  if (!entry) return <>{children ?? term}</>;
  return (
    <span className="relative" onMouseEnter={show} onMouseLeave={hideSoon}>
      <span
        ref={trigger}
        tabIndex={0}
        aria-describedby={id}
        onFocus={show}
        onBlur={hide}
        className="cursor-help rounded-sm underline decoration-slate-400 decoration-dotted decoration-1 underline-offset-[3px]"
      >
        {children ?? entry.term}
      </span>
      <span
        ref={tip}
        id={id}
        role="tooltip"
        hidden={!open}
        style={{ top: position?.top ?? 0, left: position?.left ?? 0, visibility: position ? "visible" : "hidden" }}
        className="fixed z-50 block w-max max-w-[min(22rem,calc(100vw-16px))] whitespace-normal rounded-md bg-slate-900 px-3 py-2 text-left text-xs font-normal normal-case leading-snug tracking-normal text-slate-100 shadow-lg"
      >
        <span className="font-semibold text-white">{entry.term}</span>: {entry.definition}
      </span>
    </span>
  );
}
