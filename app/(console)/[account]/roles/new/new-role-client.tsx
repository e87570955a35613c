"use client";

import { useState } from "react";
import { createRoleAction } from "@/app/server/actions/role-designer";
import { useConsoleMutation } from "@/components/console-mutation";
import { PolicyDesigner } from "@/components/designer/policy-designer";
import { ActionErrorBox, Button, Field, ManagedPolicyPicker, TagsEditor, fieldInput, type Tag } from "@/components/designer/form-controls";
import { ActionFailure, usePreview } from "@/components/designer/designer-query";
import { PermissionsSummaryTable } from "@/components/designer/permissions-summary";
import { Badge } from "@/components/ui";
import { emptyPermissionPolicy, trustPolicyFor, type TrustedEntity } from "@/lib/designer/trust-templates";
import { readPolicyText } from "@/lib/designer/policy-text";
import type { DraftTarget } from "@/lib/designer/designer-schemas";

type EntityKind = TrustedEntity["kind"];

const entityChoices: { kind: EntityKind; title: string; body: string; group: string }[] = [
  { kind: "ec2", group: "AWS service", title: "EC2", body: "Applications on EC2 instances get the role's temporary credentials from instance metadata." },
  { kind: "ecs-task", group: "AWS service", title: "ECS task", body: "Containers of an ECS task assume it as their task role." },
  { kind: "lambda", group: "AWS service", title: "Lambda", body: "A Lambda function runs with the role's permissions." },
  { kind: "account", group: "AWS account", title: "Another AWS account", body: "Principals of another account may assume it, optionally only with an external id or MFA." },
  { kind: "custom", group: "Custom", title: "Custom trust policy", body: "Write the trust policy yourself, with the same validation and preview." },
];

const steps = ["Trusted entity", "Permissions", "Name, review and create"] as const;

export function NewRoleClient({ account }: { account: string }) {
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<EntityKind>("ec2");
  const [otherAccount, setOtherAccount] = useState("");
  const [externalId, setExternalId] = useState("");
  const [requireMfa, setRequireMfa] = useState(false);
  const [customTrust, setCustomTrust] = useState<string | null>(null);
  const [createProfile, setCreateProfile] = useState(true);
  const [policyName, setPolicyName] = useState("permissions");
  const [policyText, setPolicyText] = useState(emptyPermissionPolicy());
  const [attached, setAttached] = useState<string[]>([]);
  const [boundary, setBoundary] = useState<string | undefined>(undefined);
  const [name, setName] = useState("");
  const [path, setPath] = useState("/");
  const [description, setDescription] = useState("");
  const [hours, setHours] = useState(1);
  const [tags, setTags] = useState<Tag[]>([]);

  const entity: TrustedEntity = kind === "account" ? { kind, accountId: otherAccount, externalId: externalId || undefined, requireMfa } : { kind };
  const generatedTrust = kind === "account" && !/^\d{12}$/.test(otherAccount) ? null : trustPolicyFor(entity);
  const trustText = customTrust ?? generatedTrust ?? "";
  const read = readPolicyText(policyText);
  const hasStatements = read.ok && read.policy.statements.length > 0;
  const target: DraftTarget = { kind: "new-role", roleName: name || "new-role", policyName, attachedPolicyArns: attached, permissionsBoundaryArn: boundary };

  // With no inline statements, preview a policy that grants and denies nothing (the evaluator refuses an empty Statement).
  const emptyDraft = '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "*", "Resource": "*"}]}';
  const review = usePreview(account, target, hasStatements ? policyText : emptyDraft, step === 2);
  const createRole = useConsoleMutation(createRoleAction, { then: (result) => `/${account}/roles/${encodeURIComponent(result.name)}?created=1` });
  const create = {
    ...createRole,
    mutate: () =>
      createRole.mutate({
        accountId: account,
        name,
        path,
        description,
        maxSessionDuration: hours * 3600,
        tags: tags.filter((t) => t.Key),
        permissionsBoundaryArn: boundary,
        trustPolicy: trustText,
        inlinePolicies: hasStatements ? [{ name: policyName, document: policyText }] : [],
        attachedPolicyArns: attached,
        createInstanceProfile: kind === "ec2" && createProfile,
        }),
  };

  return (
    <div className="space-y-6">
      <ol aria-label="Steps" className="flex flex-wrap gap-2">
        {steps.map((label, i) => (
          <li key={label}>
            <button type="button" onClick={() => setStep(i)} aria-current={step === i ? "step" : undefined} className={`flex items-center gap-2 rounded-full px-3 py-1 text-sm ${step === i ? "bg-indigo-600 text-white" : i < step ? "bg-indigo-50 text-indigo-800" : "bg-white text-slate-500 ring-1 ring-slate-200"}`}>
              <span className="font-semibold">{i + 1}</span> {label}
            </button>
          </li>
        ))}
      </ol>

      {step === 0 && (
        <section aria-label="Trusted entity" className="space-y-5">
          <div className="grid gap-3 md:grid-cols-3 lg:grid-cols-5" role="radiogroup" aria-label="Trusted entity type">
            {entityChoices.map((c) => (
              <button
                key={c.kind}
                type="button"
                role="radio"
                aria-checked={kind === c.kind}
                onClick={() => { setKind(c.kind); setCustomTrust(c.kind === "custom" ? trustPolicyFor({ kind: "custom" }) : null); }}
                className={`rounded-xl border bg-white p-4 text-left shadow-sm ${kind === c.kind ? "border-indigo-500 ring-2 ring-indigo-200" : "border-slate-200 hover:border-slate-300"}`}
              >
                <p className="text-[11px] font-semibold uppercase tracking-wider text-slate-500">{c.group}</p>
                <p className="mt-0.5 font-semibold text-slate-900">{c.title}</p>
                <p className="mt-1 text-xs text-slate-600">{c.body}</p>
              </button>
            ))}
          </div>

          {kind === "ec2" && (
            <label className="flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <input type="checkbox" checked={createProfile} onChange={(e) => setCreateProfile(e.target.checked)} className="mt-0.5" />
              <span>
                <span className="font-medium text-slate-900">Create the matching instance profile</span>
                <span className="block text-slate-600">EC2 instances receive a role only through an instance profile. As the AWS console does, create one with the role&apos;s name that holds the role.</span>
              </span>
            </label>
          )}
          {kind === "account" && (
            <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3">
              <Field label="Account id" hint="The 12-digit account whose principals may assume this role." error={otherAccount && !/^\d{12}$/.test(otherAccount) ? "An account id is exactly 12 digits" : undefined}>
                {(id) => <input id={id} value={otherAccount} onChange={(e) => setOtherAccount(e.target.value.trim())} placeholder="222222222222" className={`${fieldInput} font-mono`} />}
              </Field>
              <Field label="Require external id (optional)" hint="For third parties: the value they must pass (sts:ExternalId) — protects against the confused deputy.">
                {(id) => <input id={id} value={externalId} onChange={(e) => setExternalId(e.target.value)} className={fieldInput} />}
              </Field>
              <label className="mt-6 flex items-center gap-2 text-sm"><input type="checkbox" checked={requireMfa} onChange={(e) => setRequireMfa(e.target.checked)} /> Require MFA (aws:MultiFactorAuthPresent)</label>
            </div>
          )}

          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="mb-3 flex items-center justify-between">
              <h3 className="text-sm font-semibold text-slate-900">Trust policy</h3>
              {customTrust === null && generatedTrust && <Button onClick={() => setCustomTrust(generatedTrust)}>Customize</Button>}
            </div>
            {customTrust !== null ? (
              <PolicyDesigner account={account} policyType="trust" target={{ kind: "trust" }} text={customTrust} onTextChange={setCustomTrust} subject="this role" initialTab="json" />
            ) : generatedTrust ? (
              <pre className="overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-[13px] text-slate-800" data-testid="generated-trust">{generatedTrust}</pre>
            ) : (
              <p className="text-sm text-slate-500">Enter the account id to see the trust policy.</p>
            )}
          </div>
          <div className="flex justify-end"><Button kind="primary" disabled={!trustText} onClick={() => setStep(1)}>Next: permissions</Button></div>
        </section>
      )}

      {step === 1 && (
        <section aria-label="Permissions" className="space-y-5">
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">Inline policy</h3>
                <p className="text-xs text-slate-500">Permissions that belong to this role only. Leave it without statements to skip it.</p>
              </div>
              <Field label="Policy name">{(id) => <input id={id} value={policyName} onChange={(e) => setPolicyName(e.target.value)} className={`${fieldInput} w-64`} />}</Field>
            </div>
            <PolicyDesigner account={account} policyType="identity" target={target} text={policyText} onTextChange={setPolicyText} subject={name ? `role ${name}` : "this role"} optional />
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <h3 className="mb-1 text-sm font-semibold text-slate-900">Attach managed policies</h3>
            <p className="mb-3 text-xs text-slate-500">Customer-managed policies of this account and AWS-managed policies; at most 10.</p>
            <ManagedPolicyPicker account={account} label="Managed policies" selected={attached} onToggle={(arn, on) => setAttached(on ? [...attached, arn] : attached.filter((a) => a !== arn))} />
          </div>
          <details className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <summary className="cursor-pointer text-sm font-semibold text-slate-900">Permissions boundary (optional){boundary && <span className="ml-2 font-mono text-xs font-normal text-slate-500">{boundary}</span>}</summary>
            <p className="my-2 text-xs text-slate-500">A managed policy that caps what the role&apos;s policies can grant.</p>
            <ManagedPolicyPicker account={account} label="Permissions boundary" single selected={boundary ? [boundary] : []} onToggle={(arn) => setBoundary(arn)} />
            {boundary && <Button className="mt-2" onClick={() => setBoundary(undefined)}>Clear boundary</Button>}
          </details>
          <div className="flex justify-between"><Button onClick={() => setStep(0)}>Back</Button><Button kind="primary" onClick={() => setStep(2)}>Next: name and review</Button></div>
        </section>
      )}

      {step === 2 && (
        <section aria-label="Name, review and create" className="space-y-5">
          <div className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm md:grid-cols-2">
            <Field label="Role name" hint="Up to 64 letters, digits and + = , . @ _ -; unique in the account, ignoring case.">{(id) => <input id={id} value={name} onChange={(e) => setName(e.target.value.trim())} className={fieldInput} placeholder="Get-pics-2" />}</Field>
            <Field label="Path" hint="Begins and ends with /, e.g. /service-role/.">{(id) => <input id={id} value={path} onChange={(e) => setPath(e.target.value.trim())} className={`${fieldInput} font-mono`} />}</Field>
            <Field label="Description">{(id) => <input id={id} value={description} onChange={(e) => setDescription(e.target.value)} className={fieldInput} placeholder="Reads the photos bucket for the photos app" />}</Field>
            <Field label="Maximum session duration" hint="How long credentials from one AssumeRole last at most.">
              {(id) => (
                <select id={id} value={hours} onChange={(e) => setHours(Number(e.target.value))} className={fieldInput}>
                  {Array.from({ length: 12 }, (_, i) => i + 1).map((h) => <option key={h} value={h}>{h} hour{h === 1 ? "" : "s"}</option>)}
                </select>
              )}
            </Field>
            <div className="md:col-span-2"><p className="mb-1 text-sm font-medium text-slate-800">Tags</p><TagsEditor tags={tags} onChange={setTags} /></div>
          </div>
          <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-label="Review">
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Review</h3>
            <dl className="grid gap-3 text-sm md:grid-cols-3">
              <div><dt className="text-xs text-slate-500">Trusted entity</dt><dd>{entityChoices.find((c) => c.kind === kind)?.title}{kind === "account" && otherAccount ? ` ${otherAccount}` : ""}</dd></div>
              <div><dt className="text-xs text-slate-500">Inline policy</dt><dd>{hasStatements ? <>{policyName} <Badge>{read.ok && read.policy.statements.length === 1 ? "1 statement" : `${read.ok ? read.policy.statements.length : 0} statements`}</Badge></> : "none"}</dd></div>
              <div><dt className="text-xs text-slate-500">Managed policies</dt><dd>{attached.length ? attached.map((a) => a.split("/").pop()).join(", ") : "none"}</dd></div>
              <div><dt className="text-xs text-slate-500">Instance profile</dt><dd>{kind === "ec2" && createProfile ? `created: ${name || "(role name)"}` : "none"}</dd></div>
              <div><dt className="text-xs text-slate-500">Boundary</dt><dd className="break-all">{boundary ?? "none"}</dd></div>
              <div><dt className="text-xs text-slate-500">Session</dt><dd>{hours} h</dd></div>
            </dl>
            <h4 className="mb-2 mt-5 text-sm font-semibold text-slate-900">What {name || "the role"} will be able to do</h4>
            {review.data?.kind === "permissions" ? (
              <PermissionsSummaryTable summary={review.data.draft} />
            ) : review.error ? (
              <p className="text-sm text-slate-500">Not evaluable yet: {review.error.message}</p>
            ) : (
              <p className="text-sm text-slate-500">Working out its permissions…</p>
            )}
          </div>
          {create.error instanceof ActionFailure && <ActionErrorBox error={create.error.error} />}
          <div className="flex justify-between">
            <Button onClick={() => setStep(1)}>Back</Button>
            <Button kind="primary" disabled={!name || create.isPending} onClick={() => create.mutate()}>{create.isPending ? "Creating…" : "Create role"}</Button>
          </div>
        </section>
      )}
    </div>
  );
}
