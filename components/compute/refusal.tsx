import type { ActionError } from "@/app/server/action-client";
import type { AuthorizationCheck } from "@/lib/authz/authorize-call";

/**
 * A failed call as AWS reports it (code and message), and for an authorization refusal the
 * explanation beside it: which permission was missing and which statement came closest.
 */
export function Refusal({ error, operation }: { error: ActionError; operation: string }) {
  const check = error.details?.authorization as AuthorizationCheck | undefined;
  return (
    <div role="alert" className="mt-3 grid gap-3 rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm lg:grid-cols-2">
      <div className="min-w-0">
        <p className="text-xs font-semibold uppercase tracking-wide text-rose-700">Refused: {error.code}</p>
        <p className="mt-1 break-words font-mono text-[12px] leading-relaxed text-rose-900">
          An error occurred ({error.code}) when calling the {operation} operation: {error.message.replace(/ Encoded authorization failure message: \S+$/, " Encoded authorization failure message: …")}
        </p>
      </div>
      {check ? (
        <div className="min-w-0 rounded-md border border-rose-100 bg-white p-3" data-testid="refusal-explanation">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Why</p>
          <p className="mt-1 text-slate-800"><span className="font-medium">{check.decision === "ExplicitDeny" ? "Explicitly denied:" : "Missing permission:"}</span> <code className="break-all font-mono text-[12px]">{check.missing}</code></p>
          {check.decision === "ExplicitDeny" && <p className="mt-1 text-xs text-rose-800">Denied by {check.deciding.join("; ")} — an explicit Deny overrides every Allow.</p>}
          {check.decision === "ExplicitDeny" ? null : check.nearest ? (
            <div className="mt-2">
              <p className="text-slate-800"><span className="font-medium">Closest statement:</span> {check.nearest.statement}</p>
              <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">
                {check.nearest.failures.map((f) => <li key={f} className="break-words">{f}</li>)}
              </ul>
            </div>
          ) : (
            <p className="mt-2 text-xs text-slate-600">No statement of the caller&apos;s policies comes close: nothing mentions {check.action}.</p>
          )}
          <p className="mt-2 text-xs text-slate-500">{check.summary}</p>
        </div>
      ) : (
        <div className="text-xs text-rose-800">
          {error.code === "IncorrectState" && "EC2 refuses this in the instance's current state."}
          {error.code === "InvalidParameterValue" && "EC2 knows no instance profile by that name or ARN in this account."}
          {error.code === "LimitExceeded" && "An instance profile holds one role: remove the current one first."}
          {error.code === "DeleteConflict" && "Remove the role (and any instance associations) first."}
        </div>
      )}
    </div>
  );
}
