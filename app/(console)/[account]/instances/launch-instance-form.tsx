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
  const ids = { name: useId(), type: useId(), zone: useId(), tokens: useId(), tokensHint: useId(), endpoint: useId(), hops: useId(), hopsHint: useId() };

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
        <fieldset className="md:col-span-3">
          <legend className="text-xs font-semibold text-slate-700">Instance metadata options <span className="font-normal text-slate-500">— how applications on the instance reach its role&apos;s credentials</span></legend>
          <div className="mt-2 grid gap-4 md:grid-cols-3">
            <div>
              <label htmlFor={ids.tokens} className={label}>Session tokens (HttpTokens)</label>
              <select id={ids.tokens} name="httpTokens" className={field} defaultValue="required" aria-describedby={ids.tokensHint}>
                <option value="required">required — IMDSv2 only</option>
                <option value="optional">optional — IMDSv1 and IMDSv2</option>
              </select>
              <p id={ids.tokensHint} className="mt-1 text-xs text-slate-500">Keep <span className="font-mono">required</span> (IMDSv2): every metadata request then needs a session token obtained with a PUT, which a server-side request forgery (SSRF) through the application cannot get — so it cannot read the role&apos;s credentials.</p>
            </div>
            <div>
              <label htmlFor={ids.endpoint} className={label}>Metadata endpoint (HttpEndpoint)</label>
              <select id={ids.endpoint} name="httpEndpoint" className={field} defaultValue="enabled">
                <option value="enabled">enabled</option>
                <option value="disabled">disabled — no credentials from the instance</option>
              </select>
            </div>
            <div>
              <label htmlFor={ids.hops} className={label}>Response hop limit (HttpPutResponseHopLimit)</label>
              <input id={ids.hops} name="hopLimit" type="number" min={1} max={64} defaultValue={2} className={field} aria-describedby={ids.hopsHint} />
              <p id={ids.hopsHint} className="mt-1 text-xs text-slate-500">2 lets containers on the instance reach the token; 1 keeps it to the instance itself.</p>
            </div>
          </div>
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
