"use client";

import { useId, useState } from "react";
import type { Choice, ChoiceKind, PickerStart } from "@/lib/lists/choices";
import { consoleKeys, fetchChoices } from "./area-query";
import { Combobox } from "./combobox";

const labelStyle = "block text-xs font-medium text-slate-600";
const fieldStyle = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";

/**
 * Picks a role, an instance profile or a principal of the account: a plain select when the account
 * has few (the page passed them all in `start`), else a combobox that searches the server as one
 * types. Controlled with `value`/`onChange`, or a form field with `name` and `defaultValue`.
 */
export function EntityPicker({
  account,
  kind,
  start,
  label,
  name,
  value,
  defaultValue = "",
  defaultLabel,
  onChange,
  emptyOption,
}: {
  account: string;
  kind: ChoiceKind;
  start: PickerStart;
  label: string;
  name?: string;
  value?: string;
  defaultValue?: string;
  /** The label of `defaultValue` (or of `value` at first), when the options are not all here. */
  defaultLabel?: string;
  onChange?: (value: string) => void;
  /** The label of a "none" option, value "". */
  emptyOption?: string;
}) {
  const id = useId();
  const [own, setOwn] = useState(defaultValue);
  const current = value ?? own;
  const [chosenLabel, setChosenLabel] = useState(defaultLabel ?? start.options?.find((o) => o.value === current)?.label ?? (current ? current : (emptyOption ?? "")));
  const change = (next: string, label?: string) => {
    setOwn(next);
    if (label !== undefined) setChosenLabel(label);
    onChange?.(next);
  };

  if (start.options) {
    const groups = [...new Set(start.options.map((o) => o.group))];
    const option = (o: Choice) => <option key={o.value} value={o.value}>{o.label}</option>;
    return (
      <div>
        <label htmlFor={id} className={labelStyle}>{label}</label>
        <select id={id} name={name} value={current} onChange={(e) => change(e.target.value)} className={fieldStyle}>
          {emptyOption !== undefined && <option value="">{emptyOption}</option>}
          {groups.length > 1 || groups[0] ? groups.map((g) => <optgroup key={g ?? ""} label={g ?? ""}>{start.options!.filter((o) => o.group === g).map(option)}</optgroup>) : start.options.map(option)}
        </select>
      </div>
    );
  }
  return (
    <Combobox
      label={label}
      name={name}
      value={current}
      selectedLabel={chosenLabel}
      onChange={(next, picked) => change(next, picked?.label)}
      search={(q) => fetchChoices(account, kind, q)}
      queryKey={(q) => consoleKeys.choices(account, kind, q)}
      emptyOption={emptyOption}
      placeholder={`Search ${start.total.toLocaleString("en")} ${kind === "principals" ? "principals" : kind.replace("-", " ")}…`}
      labelClassName={labelStyle}
      inputClassName={fieldStyle}
    />
  );
}
