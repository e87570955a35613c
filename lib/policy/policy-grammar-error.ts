/** A policy document that breaks the IAM JSON grammar; `pointer` (RFC 6901) says where. */
export class PolicyGrammarError extends Error {
  readonly pointer: string;
  /** Name of the policy the error was found in, when known. */
  readonly policy?: string;

  constructor(pointer: string, message: string, policy?: string) {
    super(policy === undefined ? `${message} (at ${pointer || "/"})` : `${message} (policy '${policy}', at ${pointer || "/"})`);
    this.name = "PolicyGrammarError";
    this.pointer = pointer;
    this.policy = policy;
  }
}
