"use client";

import { useId, useState, useTransition } from "react";
import type { ActionError } from "@/app/server/action-client";
import type { PickerStart } from "@/lib/lists/choices";
import { useAfterChange } from "@/components/console-mutation";
import { ActingAsSelect } from "@/components/compute/acting-as-select";
import { EntityPicker } from "@/components/entity-picker";
import { Refusal } from "@/components/compute/refusal";
import { launchInstanceAction } from "@/app/server/actions/instances";

const types = ["t3.micro", "t3.small", "t3.medium", "m5.large", "c6g.large"];
const zones = ["us-east-1a", "us-east-1b", "us-east-1c", "eu-west-1a", "eu-west-1b"];

/** RunInstances as a chosen principal: EC2 checks ec2:RunInstances and, with a profile, iam:PassRole on its role. */
export function LaunchInstanceForm({ account, profiles, principals }: { account: string; profiles: PickerStart; principals: PickerStart }) {
  const afterChange = useAfterChange();
  const [actingAs, setActingAs] = useState("root");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = { name: useId(), type: useId(), zone: useId(), tokens: useId(), endpoint: useId(), hops: useId() };

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    startTransition(async () => {
      const result = await launchInstanceAction({
        accountId: account,
        actingAs,
        name: String(form.get("name") ?? ""),
        instanceType: String(form.get("instanceType")),
        availabilityZone: String(form.get("availabilityZone")),
        instanceProfile: String(form.get("instanceProfile") ?? ""),
        metadataOptions: { httpTokens: form.get("httpTokens") === "optional" ? "optional" : "required", httpEndpoint: form.get("httpEndpoint") === "disabled" ? "disabled" : "enabled", hopLimit: Number(form.get("hopLimit") ?? 2) },
      });
      if (result.ok) {
        await afterChange(`/${account}/instances/${result.data.instanceId}`);
      } else {
        setError(result.error);
      }
    });
  }

  const field = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const label = "block text-xs font-medium text-slate-600";
  return (
    <form onSubmit={submit} aria-label="Launch an instance" className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <ActingAsSelect account={account} start={principals} value={actingAs} onChange={setActingAs} label="Launch as" />
        <div>
          <label htmlFor={ids.name} className={label}>Name tag</label>
          <input id={ids.name} name="name" placeholder="photos-app-2" className={field} />
        </div>
        <EntityPicker account={account} kind="instance-profiles" start={profiles} label="Instance profile (IAM role)" name="instanceProfile" emptyOption="None — no credentials on the instance" />
        <div>
          <label htmlFor={ids.type} className={label}>Instance type</label>
          <select id={ids.type} name="instanceType" className={field}>{types.map((t) => <option key={t}>{t}</option>)}</select>
        </div>
        <div>
          <label htmlFor={ids.zone} className={label}>Availability zone</label>
          <select id={ids.zone} name="availabilityZone" className={field}>{zones.map((z) => <option key={z}>{z}</option>)}</select>
        </div>
        <fieldset className="grid grid-cols-3 gap-2">
          <legend className={label}>Metadata options</legend>
          <select id={ids.tokens} name="httpTokens" aria-label="HttpTokens" className={field} defaultValue="required"><option value="required">v2 only</option><option value="optional">v1 + v2</option></select>
          <select id={ids.endpoint} name="httpEndpoint" aria-label="HttpEndpoint" className={field} defaultValue="enabled"><option value="enabled">enabled</option><option value="disabled">disabled</option></select>
          <input id={ids.hops} name="hopLimit" aria-label="Hop limit" type="number" min={1} max={64} defaultValue={2} className={field} />
        </fieldset>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">{pending ? "Launching…" : "Launch instance"}</button>
        <p className="text-xs text-slate-500">EC2 checks <code className="font-mono">ec2:RunInstances</code>, then <code className="font-mono">iam:PassRole</code> on the profile&apos;s role with <code className="font-mono">iam:PassedToService = ec2.amazonaws.com</code>.</p>
      </div>
      {error && <Refusal error={error} operation="RunInstances" />}
    </form>
  );
}
