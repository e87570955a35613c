/**
 * One request on a resource that has its own policy (a role's trust policy, a bucket policy),
 * decided once as AWS decides it, and each side also shown alone so a reader sees which side
 * refuses: the caller's side (its identity policies, boundary, session policies and SCPs) as if
 * the resource's policy allowed everyone, and the resource's side (does its policy allow this caller
 * or delegate to its account?) as if the caller's policies allowed everything. Both "alone" views
 * are evaluator decisions on a cross-account request, where each side must allow on its own.
 */
import { compilePolicySet, evaluateRequest, type EvaluationRequest, type NamedPolicy, type PolicySet } from "../policy/evaluate";
import { describeRef } from "../policy/explain";
import type { EvaluationResult } from "../policy/evaluate";

export type SideView = { allowed: boolean; summary: string; deciding: string[]; nearest: string | null };

export type DecidedSides = {
  combined: { decision: EvaluationResult["decision"]; summary: string; deciding: string[] };
  callerSide: SideView;
  resourceSide: SideView;
};

const OPEN = "any principal (to see the caller's side alone)";
const EVERYTHING = "everything (to see the resource's side alone)";
const open: NamedPolicy = { name: OPEN, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } };
const everything: NamedPolicy = { name: EVERYTHING, document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } };

function otherAccount(account: string | undefined): string {
  return account === "000000000000" ? "000000000001" : "000000000000";
}

function view(result: EvaluationResult, words: { allowed: string; denied: string }, synthetic: string): SideView {
  const real = result.decisive.filter((ref) => ref.policy !== synthetic);
  const miss = result.explanation!.nearestMisses.find((m) => m.ref.policy !== synthetic);
  const deciding = real.map(describeRef);
  const allowed = result.decision === "Allow";
  let summary = allowed ? words.allowed : words.denied;
  if (result.decision === "ExplicitDeny") summary = `Explicitly denied by ${deciding.join("; ")}.`;
  else if (!allowed && ["boundary", "session", "scp-level"].includes(result.reason)) summary = result.explanation!.summary;
  if (allowed && deciding.length) summary = `${summary} (${deciding.join("; ")})`;
  return { allowed, summary, deciding, nearest: miss ? `${describeRef(miss.ref)}: ${miss.failures.map((f) => f.message).join("; ")}` : null };
}

/** Decides `request` with the caller's `policies` and the resource's `resourcePolicy`, and each side alone. */
export function decideEachSide(policies: PolicySet, resourcePolicy: NamedPolicy, rcps: PolicySet["rcps"], request: EvaluationRequest): DecidedSides {
  const combined = evaluateRequest(compilePolicySet({ ...policies, resourcePolicy, rcps }), request, { explain: true });
  const elsewhere = otherAccount(request.principal.split(":")[4]);
  const callerOnly = evaluateRequest(compilePolicySet({ ...policies, resourcePolicy: open }), { ...request, resourceAccount: elsewhere }, { explain: true });
  const resourceOnly = evaluateRequest(compilePolicySet({ identityPolicies: [everything], resourcePolicy }), { ...request, resourceAccount: elsewhere }, { explain: true });
  const what = `${request.action} on ${request.resource}`;
  return {
    combined: { decision: combined.decision, summary: combined.explanation!.summary, deciding: combined.decisive.map(describeRef) },
    callerSide: view(callerOnly, { allowed: `The caller's side allows ${what}`, denied: `No identity-based policy of the caller allows ${what}.` }, OPEN),
    resourceSide: view(
      resourceOnly,
      { allowed: `${resourcePolicy.name} allows ${request.principal}`, denied: `${resourcePolicy.name} does not allow ${request.principal} (it names neither the caller nor its account).` },
      EVERYTHING,
    ),
  };
}
