"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";
import { labStateKey, parseStoredLabState, type StoredLabState } from "@/lib/labs/lab-view";

// What a trainee did on a lab page — cards answered, hints shown — kept in this browser's
// localStorage per workspace and lab, so a reload (or coming back tomorrow) keeps it.

const changed = "roleplay:lab-state";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(changed, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(changed, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    // Storage turned off: the page still works, it just forgets on reload.
    return null;
  }
}

/**
 * The lab's kept state and a function that changes it. `known` is false during the server render
 * and hydration, when the browser's storage has not been read yet.
 */
export function useLabState(workspace: string, lab: string): { state: StoredLabState; known: boolean; update: (change: (state: StoredLabState) => StoredLabState) => void } {
  const key = labStateKey(workspace, lab);
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => undefined,
  );
  const state = useMemo(() => parseStoredLabState(raw), [raw]);
  const update = useCallback(
    (change: (state: StoredLabState) => StoredLabState) => {
      const next = change(parseStoredLabState(read(key)));
      try {
        window.localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Full or turned off: nothing to keep it in.
      }
      window.dispatchEvent(new Event(changed));
    },
    [key],
  );
  return { state, known: raw !== undefined, update };
}
