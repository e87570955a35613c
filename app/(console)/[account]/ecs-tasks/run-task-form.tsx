"use client";

import { useId, useState, useTransition } from "react";
import type { ActionError } from "@/app/server/action-client";
import type { PickerStart } from "@/lib/lists/choices";
import { useAfterChange } from "@/components/console-mutation";
import { ActingAsSelect } from "@/components/compute/acting-as-select";
import { EntityPicker } from "@/components/entity-picker";
import { Refusal } from "@/components/compute/refusal";
import { runTaskAction } from "@/app/server/actions/ecs-tasks";

/** ECS RunTask as a chosen principal: passing the task and execution roles needs iam:PassRole to ecs-tasks.amazonaws.com. */
export function RunTaskForm({ account, clusters, roles, principals }: { account: string; clusters: string[]; roles: PickerStart; principals: PickerStart }) {
  const afterChange = useAfterChange();
  const [actingAs, setActingAs] = useState("root");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const ids = { cluster: useId(), def: useId() };
  const field = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  const label = "block text-xs font-medium text-slate-600";
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const optional = (k: string) => (String(form.get(k) ?? "") || undefined);
    setError(null);
    startTransition(async () => {
      const result = await runTaskAction({ accountId: account, actingAs, clusterName: String(form.get("cluster")), taskDefinition: String(form.get("taskDefinition")), taskRoleName: optional("taskRole"), executionRoleName: optional("executionRole") });
      if (result.ok) {
        await afterChange(`/${account}/ecs-tasks/${result.data.taskId}`);
      } else setError(result.error);
    });
  }
  return (
    <form onSubmit={submit} aria-label="Run a task" className="space-y-3">
      {/* Three a row: at five, the selects were too narrow for their choices' names. */}
      <div className="grid gap-3 md:grid-cols-3">
        <ActingAsSelect account={account} start={principals} value={actingAs} onChange={setActingAs} label="Run as" />
        <div><label htmlFor={ids.cluster} className={label}>Cluster</label><select id={ids.cluster} name="cluster" className={field}>{clusters.map((c) => <option key={c}>{c}</option>)}</select></div>
        <div><label htmlFor={ids.def} className={label}>Task definition</label><input id={ids.def} name="taskDefinition" defaultValue="photos-thumbnailer:3" className={field} /></div>
        <EntityPicker account={account} kind="roles" start={roles} label="Task role" name="taskRole" emptyOption="none" />
        <EntityPicker account={account} kind="roles" start={roles} label="Execution role" name="executionRole" emptyOption="none" />
      </div>
      <button type="submit" disabled={pending || clusters.length === 0} className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">{pending ? "Starting…" : "Run task"}</button>
      {error && <Refusal error={error} operation="RunTask" />}
    </form>
  );
}
