"use client";

import type { ContextEdits } from "@/lib/simulation/simulate-batch";
import type { ResourceMismatch } from "./simulator-query";
import { passedToServiceKey, passRoleContext, passRoleServices, withPassedToService } from "./simulation-state";

const smallButton = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";
/** Pairs named one by one; the rest are counted. */
const LISTED = 4;

/**
 * iam:PassRole is decided with iam:PassedToService, which AWS always sends with it: a grant limited
 * to one service (as it should be) matches only when the key names that service. Offered in a click.
 */
export function PassRoleHint({ actions, edits, onChange }: { actions: string[]; edits: ContextEdits; onChange: (edits: ContextEdits) => void }) {
  const { asks, service } = passRoleContext({ actions, edits });
  if (!asks) return null;
  return (
    <div role="note" aria-label="iam:PassRole needs iam:PassedToService" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="pass-role-hint">
      <p>
        <span className="font-mono text-xs">iam:PassRole</span> is decided with <span className="font-mono text-xs">{passedToServiceKey}</span>, the service the role is handed to: AWS always sends it, and a well-scoped PassRole grant allows only one service through a condition on it.{" "}
        {service ? (
          <>This simulation sends <span className="font-mono text-xs">{passedToServiceKey} = {service}</span>.</>
        ) : (
          <strong className="font-semibold">Not set here: such a grant would not match, so PassRole would be denied whatever the policies say about the service.</strong>
        )}
      </p>
      <div className="mt-1.5 flex flex-wrap items-center gap-2">
        <span className="text-xs text-amber-900">Hand the role to:</span>
        {passRoleServices.map((s) => (
          <button key={s.service} type="button" className={smallButton} aria-pressed={service === s.service} onClick={() => onChange(withPassedToService(edits, s.service))}>
            {s.label} <span className="font-mono text-[11px] text-slate-500">{s.service}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

/** The chosen pairs whose action does not act on the resource, each with the catalog's reason. */
export function ResourceFitWarning({ mismatches, pairs }: { mismatches: ResourceMismatch[]; pairs: number }) {
  if (mismatches.length === 0) return null;
  const all = mismatches.length === pairs;
  return (
    <div role="alert" className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="resource-fit-warning">
      <p className="font-medium">
        {all
          ? mismatches.length === 1
            ? "The action does not act on this resource."
            : `None of the ${pairs} action and resource pairs fit: no action acts on the resource it is paired with.`
          : `${mismatches.length} of the ${pairs} action and resource pairs do not fit; they are marked in the results.`}
      </p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-xs">
        {mismatches.slice(0, LISTED).map((m) => <li key={`${m.action} ${m.resource}`} className="break-words">{m.message}</li>)}
      </ul>
      {mismatches.length > LISTED && <p className="mt-1 text-xs">and {mismatches.length - LISTED} more.</p>}
      <p className="mt-1 text-xs">Choose a resource of the type the action names (the ARN builder lists them), or another action.</p>
    </div>
  );
}
