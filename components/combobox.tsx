"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { choiceSearchLimit } from "@/lib/lists/list-query";

export type ComboboxOption = { value: string; label: string; detail?: string };

/** How long typing pauses before the options are searched. */
const searchDelayMs = 150;

/**
 * A text box with a list of options searched on the server as one types (the WAI-ARIA combobox
 * pattern): arrow keys move through the options, Enter picks one, Escape closes the list (or, closed,
 * restores the chosen option's label). With `freeText`, what is typed is the value and the options
 * are suggestions; otherwise only a picked option changes the value. `name` submits the value with
 * a form.
 */
export function Combobox({
  label,
  value,
  selectedLabel,
  onChange,
  search,
  queryKey,
  name,
  freeText = false,
  emptyOption,
  placeholder,
  listLabel = "Matching options",
  labelClassName = "block text-xs font-medium text-slate-600",
  inputClassName = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm",
}: {
  label: string;
  value: string;
  /** What the box shows for the chosen value (not with `freeText`, where it shows the value). */
  selectedLabel?: string;
  onChange: (value: string, option?: ComboboxOption) => void;
  search: (q: string) => Promise<ComboboxOption[]>;
  queryKey: (q: string) => readonly unknown[];
  name?: string;
  freeText?: boolean;
  /** An option for "none" (value ""), offered before the others while nothing is typed. */
  emptyOption?: string;
  placeholder?: string;
  /** The list's own name (not the field's: that stays the box's alone). */
  listLabel?: string;
  labelClassName?: string;
  inputClassName?: string;
}) {
  const ids = { input: useId(), list: useId(), status: useId() };
  const [text, setText] = useState(freeText ? value : (selectedLabel ?? ""));
  // Whether the text is a search the user typed, rather than the chosen option's label.
  const [typed, setTyped] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [q, setQ] = useState("");
  const listRef = useRef<HTMLUListElement>(null);

  const wanted = typed ? text.trim() : "";
  useEffect(() => {
    const timer = setTimeout(() => setQ(wanted), searchDelayMs);
    return () => clearTimeout(timer);
  }, [wanted]);

  const results = useQuery({ queryKey: queryKey(q), queryFn: () => search(q), enabled: open, placeholderData: keepPreviousData, staleTime: 30_000 });
  const options: ComboboxOption[] = [...(emptyOption !== undefined && !q ? [{ value: "", label: emptyOption }] : []), ...(results.data ?? [])];
  const optionId = (i: number) => `${ids.list}-${i}`;

  // The active option stays in view as the arrow keys move through a list that scrolls.
  useEffect(() => {
    if (active >= 0) listRef.current?.children[active]?.scrollIntoView({ block: "nearest" });
  }, [active]);

  function choose(option: ComboboxOption) {
    onChange(option.value, option);
    setText(freeText ? option.value : option.label);
    setTyped(false);
    setOpen(false);
    setActive(-1);
  }

  function close() {
    setOpen(false);
    setActive(-1);
    if (!freeText && typed) {
      setText(selectedLabel ?? "");
      setTyped(false);
    }
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!open) setOpen(true);
        else setActive((i) => Math.min(i + 1, options.length - 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        if (open) setActive((i) => Math.max(i - 1, 0));
        break;
      case "Enter":
        if (open && active >= 0 && options[active]) {
          event.preventDefault();
          choose(options[active]);
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          close();
        } else if (!freeText) {
          setText(selectedLabel ?? "");
          setTyped(false);
        }
        break;
      case "Tab":
        close();
        break;
    }
  }

  // Rendered only while open: the box alone carries the field's label the rest of the time.
  const showList = open && options.length > 0;
  const status = !open ? "" : results.isFetching && !results.data ? "Searching…" : options.length === 0 ? "No match" : `${options.length} option${options.length === 1 ? "" : "s"}${results.data && results.data.length >= choiceSearchLimit ? ", type to narrow" : ""}`;

  return (
    <div className="relative">
      <label htmlFor={ids.input} className={labelClassName}>{label}</label>
      <input
        id={ids.input}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={showList ? ids.list : undefined}
        aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
        aria-describedby={ids.status}
        value={text}
        placeholder={placeholder ?? "Type to search…"}
        onChange={(e) => {
          setText(e.target.value);
          setTyped(true);
          setOpen(true);
          setActive(-1);
          if (freeText) onChange(e.target.value);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={close}
        onKeyDown={onKeyDown}
        className={inputClassName}
      />
      {name && <input type="hidden" name={name} value={value} />}
      {showList && (
        <ul
          ref={listRef}
          id={ids.list}
          role="listbox"
          aria-label={listLabel}
          className="absolute left-0 right-0 z-30 mt-1 max-h-64 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {options.map((option, i) => (
            <li
              key={option.value || "(none)"}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              // Keeps the focus in the box, so that blur does not close the list before the click.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(option)}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-indigo-50 text-indigo-900" : "text-slate-800"} ${option.value === value && !freeText ? "font-semibold" : ""}`}
            >
              {option.label}
              {option.detail && <span className="block truncate font-mono text-[11px] text-slate-600">{option.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <p id={ids.status} className="sr-only" aria-live="polite">{status}</p>
    </div>
  );
}
