import { AppError } from "../errors";
import { compilePolicySet, type PolicySet } from "../policy/evaluate";
import { JsonSyntaxError, parseJsonWithPositions } from "../policy/parse-json";
import { PolicyGrammarError } from "../policy/policy-grammar-error";

// Policy text in the database is read, never trusted: an old database, a restored file or a hand
// edit may hold a document the services would refuse today. Whatever reads it answers AWS's
// `MalformedPolicyDocument` naming the policy, never a crash that takes a whole page down.

/**
 * Runs engine work on policies read from the workspace: a document that breaks the grammar is
 * AWS's `MalformedPolicyDocument`, not a crash.
 */
export function withStoredPolicies<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw storedPolicyError(error);
  }
}

function storedPolicyError(error: unknown): unknown {
  if (error instanceof PolicyGrammarError) return new AppError("MalformedPolicyDocument", error.message, { pointer: error.pointer, policy: error.policy });
  return error;
}

/** Compiles a policy set read from the workspace (see `withStoredPolicies`). */
export function compileStoredPolicySet(set: PolicySet) {
  return withStoredPolicies(() => compilePolicySet(set));
}

/**
 * Parses a stored policy's text into its document (for the evaluator or the designer). Text that
 * is not JSON, repeats a key or nests too deep is `MalformedPolicyDocument` naming `label`.
 */
export function parseStoredDocument(text: string, label: string): unknown {
  try {
    return parseJsonWithPositions(text).value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new AppError("MalformedPolicyDocument", `${label} is stored damaged: ${error.message}`, { line: error.line, column: error.column });
  }
}
