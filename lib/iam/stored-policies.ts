import { AppError } from "../errors";
import { compilePolicySet, type PolicySet } from "../policy/evaluate";
import { PolicyGrammarError } from "../policy/policy-grammar-error";

/**
 * Runs engine work on policies read from the workspace: a document that breaks the grammar is
 * AWS's `MalformedPolicyDocument`, not a crash.
 */
export function withStoredPolicies<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PolicyGrammarError) throw new AppError("MalformedPolicyDocument", error.message);
    throw error;
  }
}

/** Compiles a policy set read from the workspace (see `withStoredPolicies`). */
export function compileStoredPolicySet(set: PolicySet) {
  return withStoredPolicies(() => compilePolicySet(set));
}
