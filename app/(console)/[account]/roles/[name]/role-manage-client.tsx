"use client";

import { useState } from "react";
import Link from "@/components/workspace-link";
import { useMutation } from "@tanstack/react-query";
import { attachRolePolicyAction, deleteRoleAction, detachRolePolicyAction, updateRoleAction } from "@/app/server/actions/role-designer";
import { useAfterChange, useConsoleMutation } from "@/components/console-mutation";
import { ActionErrorBox, Button, Field, ManagedPolicyPicker, TagsEditor, fieldInput, type Tag } from "@/components/designer/form-controls";
import { ActionFailure, unwrap } from "@/components/designer/designer-query";
import { Badge } from "@/components/ui";

const linkButton = "inline-flex items-center rounded-md bg-white px-3.5 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50";

/** The role page's actions: add an inline policy, edit the trust policy, delete the role. */
export function RoleHeaderActions({ account, roleName }: { account: string; roleName: string }) {
  const [confirming, setConfirming] = useState(false);
  const base = `/${account}/roles/${encodeURIComponent(roleName)}`;
  const deleteRole = useConsoleMutation(deleteRoleAction, { then: () => `/${account}/roles` });
  const remove = { ...deleteRole, mutate: () => deleteRole.mutate({ accountId: account, roleName }) };
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <Link href={`${base}/inline`} className={linkButton}>Add inline policy</Link>
        <Link href={`${base}/trust`} className={linkButton}>Edit trust policy</Link>
        {confirming ? (
          <>
            <Button kind="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>Delete {roleName} now</Button>
            <Button onClick={() => { setConfirming(false); remove.reset(); }}>Keep it</Button>
          </>
        ) : (
          <Button kind="danger" onClick={() => setConfirming(true)}>Delete role</Button>
        )}
      </div>
      {remove.error instanceof ActionFailure && <div className="max-w-xl"><ActionErrorBox error={remove.error.error} /></div>}
    </div>
  );
}

type Attached = { arn: string; name: string; kind: "customer" | "aws" };

/** Inline policies (edit) and managed policies (detach, attach more), each change checked against the role's version. */
export function RolePoliciesManager({ account, roleName, roleVersion, inline, attached }: { account: string; roleName: string; roleVersion: number; inline: string[]; attached: Attached[] }) {
  const refresh = useAfterChange();
  const [picking, setPicking] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const base = `/${account}/roles/${encodeURIComponent(roleName)}`;
  const detach = useMutation({ mutationFn: (arn: string) => unwrap(detachRolePolicyAction({ accountId: account, roleName, expectedVersion: roleVersion, policyArn: arn })), onSuccess: () => refresh() });
  const attach = useMutation({
    mutationFn: async () => {
      // One version per change: each attachment bumps the role's version.
      let version = roleVersion;
      for (const arn of chosen) {
        await unwrap(attachRolePolicyAction({ accountId: account, roleName, expectedVersion: version, policyArn: arn }));
        version += 1;
      }
    },
    onSuccess: async () => {
      setChosen([]);
      setPicking(false);
      await refresh();
    },
  });
  const error = detach.error ?? attach.error;
  return (
    <div className="mb-5 space-y-3 rounded-lg bg-slate-50 p-3">
      <ul className="flex flex-wrap gap-2" aria-label="Manage policies">
        {inline.map((name) => (
          <li key={name} className="inline-flex items-center gap-2 rounded-md bg-white px-2.5 py-1 text-sm ring-1 ring-slate-200">
            {name} <Badge>inline</Badge>
            <Link href={`${base}/inline/${encodeURIComponent(name)}`} className="text-xs font-medium text-indigo-700 hover:underline">Edit<span className="sr-only"> {name}</span></Link>
          </li>
        ))}
        {attached.map((p) => (
          <li key={p.arn} className="inline-flex items-center gap-2 rounded-md bg-white px-2.5 py-1 text-sm ring-1 ring-slate-200">
            {p.name} <Badge tone={p.kind === "aws" ? "amber" : "indigo"}>{p.kind === "aws" ? "AWS managed" : "customer managed"}</Badge>
            <button type="button" disabled={detach.isPending} onClick={() => detach.mutate(p.arn)} className="text-xs font-medium text-rose-700 hover:underline">Detach</button>
          </li>
        ))}
        <li><Button onClick={() => setPicking(!picking)} aria-expanded={picking}>{picking ? "Close" : "Attach policies"}</Button></li>
      </ul>
      {picking && (
        <div className="space-y-2">
          <ManagedPolicyPicker account={account} label="Policies to attach" selected={chosen} onToggle={(arn, on) => setChosen(on ? [...chosen, arn] : chosen.filter((a) => a !== arn))} />
          <Button kind="primary" disabled={!chosen.length || attach.isPending} onClick={() => attach.mutate()}>Attach {chosen.length || ""} {chosen.length === 1 ? "policy" : "policies"}</Button>
        </div>
      )}
      {error instanceof ActionFailure && <ActionErrorBox error={error.error} onReload={() => window.location.reload()} />}
    </div>
  );
}

/** Description, maximum session duration, tags and permissions boundary, saved together. */
export function RoleSettingsClient({ account, roleName, roleVersion, description, maxSessionDuration, tags, permissionsBoundaryArn }: { account: string; roleName: string; roleVersion: number; description: string; maxSessionDuration: number; tags: Tag[]; permissionsBoundaryArn: string | null }) {
  const refresh = useAfterChange();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ description, hours: maxSessionDuration / 3600, tags, boundary: permissionsBoundaryArn });
  const save = useMutation({
    mutationFn: () => unwrap(updateRoleAction({ accountId: account, roleName, expectedVersion: roleVersion, description: form.description, maxSessionDuration: Math.round(form.hours * 3600), tags: form.tags.filter((t) => t.Key), permissionsBoundaryArn: form.boundary })),
    onSuccess: async () => {
      setOpen(false);
      await refresh();
    },
  });
  if (!open) return <Button onClick={() => setOpen(true)}>Edit settings</Button>;
  return (
    <div className="mt-4 space-y-4 rounded-lg border border-slate-200 p-4">
      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Description">{(id) => <input id={id} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} className={fieldInput} />}</Field>
        <Field label="Maximum session duration (hours)" hint="1 to 12 hours.">{(id) => <input id={id} type="number" min={1} max={12} step={0.5} value={form.hours} onChange={(e) => setForm({ ...form, hours: Number(e.target.value) })} className={fieldInput} />}</Field>
      </div>
      <div><p className="mb-1 text-sm font-medium text-slate-800">Tags</p><TagsEditor tags={form.tags} onChange={(t) => setForm({ ...form, tags: t })} /></div>
      <div>
        <p className="mb-1 text-sm font-medium text-slate-800">Permissions boundary {form.boundary ? <span className="font-mono text-xs text-slate-500">{form.boundary}</span> : <span className="text-xs text-slate-500">not set</span>}</p>
        <ManagedPolicyPicker account={account} label="Permissions boundary" single selected={form.boundary ? [form.boundary] : []} onToggle={(arn) => setForm({ ...form, boundary: arn })} />
        {form.boundary && <Button className="mt-2" onClick={() => setForm({ ...form, boundary: null })}>Remove boundary</Button>}
      </div>
      {save.error instanceof ActionFailure && <ActionErrorBox error={save.error.error} onReload={() => window.location.reload()} />}
      <div className="flex gap-2">
        <Button kind="primary" disabled={save.isPending} onClick={() => save.mutate()}>{save.isPending ? "Saving…" : "Save settings"}</Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </div>
  );
}
