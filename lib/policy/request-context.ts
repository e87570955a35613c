/**
 * A request read once for evaluation: the caller, the action in lowercase, the resource account,
 * and condition keys looked up without case. The context is taken as given; nothing is derived.
 */
import { arnAccount } from "./arn";
import { readCaller, type Caller } from "./caller";

/** The request as callers write it (the `request` of a simulate case). */
export interface EvaluationRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
}

/** A request prepared for matching; built once per evaluation. */
export class PreparedRequest {
  readonly request: EvaluationRequest;
  readonly caller: Caller;
  readonly actionLower: string;
  readonly resource: string;
  readonly resourceAccount: string | undefined;
  /** Set by the evaluator: the caller has a permissions boundary (NotPrincipal + Deny then always applies). */
  callerHasBoundary = false;
  private keys: Map<string, string | string[]> | undefined;

  constructor(request: EvaluationRequest) {
    this.request = request;
    this.caller = readCaller(request.principal);
    this.actionLower = request.action.toLowerCase();
    this.resource = request.resource;
    this.resourceAccount = request.resourceAccount || arnAccount(request.resource);
  }

  /**
   * The value of a context key, as given: a string or an array of strings. `written` is the key as
   * the policy spells it; an exact hit skips building the case-insensitive index.
   */
  value(keyLower: string, written?: string): string | string[] | undefined {
    const context = this.request.context;
    if (context === undefined) return undefined;
    if (written !== undefined && Object.hasOwn(context, written)) return context[written];
    if (this.keys === undefined) {
      this.keys = new Map();
      for (const key of Object.keys(context)) this.keys.set(key.toLowerCase(), context[key]);
    }
    return this.keys.get(keyLower);
  }

  /** A single value for policy-variable substitution; multi-valued keys cannot be variables. */
  variable(keyLower: string): string | undefined {
    const v = this.value(keyLower);
    if (typeof v === "string") return v;
    if (Array.isArray(v) && v.length === 1 && typeof v[0] === "string") return v[0];
    return undefined;
  }

  /** True when the resource belongs to the caller's account (unknown resource account counts as same). */
  get sameAccount(): boolean {
    return this.resourceAccount === undefined || this.resourceAccount === this.caller.account;
  }
}
