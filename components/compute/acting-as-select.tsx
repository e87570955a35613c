"use client";

import type { PickerStart } from "@/lib/lists/choices";
import { EntityPicker } from "@/components/entity-picker";
import { rootChoiceLabel } from "@/lib/compute/root-choice-label";

/** Who performs the call: the account's administrator (the default), or one of its users or roles. */
export function ActingAsSelect({ account, start, value, onChange, label = "Acting as" }: { account: string; start: PickerStart; value: string; onChange: (value: string) => void; label?: string }) {
  return <EntityPicker account={account} kind="principals" start={start} label={label} value={value} onChange={onChange} defaultLabel={value === "root" ? rootChoiceLabel : undefined} />;
}
