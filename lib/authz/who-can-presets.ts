/**
 * The example questions the who-can page offers, picked for what they teach rather than for
 * sorting first: the object a bucket policy guards, the most powerful role a service may be handed
 * (the PassRole escalation question), and a role whose trust policy admits another account (the
 * cross-account chain). Pure: the caller passes the workspace's input, a review context over it
 * and the first object key of each bucket.
 */
import { EC2, type ReviewContext } from "../review/review-pass-role";
import type { ReviewInput, ReviewRole } from "../review/review-input";
import { countActions } from "../review/allowed-actions";
import type { PrincipalEntry } from "../policy/principals";

export interface WhoCanPreset {
  label: string;
  action: string;
  resource: string;
  context?: Record<string, string>;
}

const collator = new Intl.Collator("en");

function roleOrder(account: string) {
  return (a: ReviewRole, b: ReviewRole) => Number(b.account === account) - Number(a.account === account) || collator.compare(a.name, b.name);
}

/** The account an AWS principal entry belongs to; `*` for anyone. */
function accountOf(entry: PrincipalEntry): string | undefined {
  if (entry.type === "any") return "*";
  if (entry.type === "account") return entry.account;
  if (entry.type === "arn") return entry.roleAccount ?? /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*):/.exec(entry.arn)?.[1];
  return undefined;
}

/** The read question: a bucket of the account with a policy and an object, and that object. */
function readQuestion(input: ReviewInput, account: string, objectKeys: Record<string, string>): WhoCanPreset | undefined {
  const buckets = (input.buckets ?? []).filter((b) => b.account === account);
  const score = (name: string, policy: unknown) => (policy ? 2 : 0) + (objectKeys[name] !== undefined ? 1 : 0);
  const bucket = [...buckets].sort((a, b) => score(b.name, b.policy) - score(a.name, a.policy) || collator.compare(a.name, b.name))[0];
  if (!bucket) return undefined;
  const key = objectKeys[bucket.name] ?? "example.txt";
  return { label: `Who can read ${bucket.name}/${key}`, action: "s3:GetObject", resource: `arn:aws:s3:::${bucket.name}/${key}` };
}

/**
 * The PassRole question: of the account's roles a service trusts (EC2 first), the one allowed the
 * most actions — whoever may hand it to the service may act as it.
 */
function passRoleQuestion(input: ReviewInput, review: ReviewContext, account: string): WhoCanPreset | undefined {
  const roles = input.roles.filter((r) => r.account === account).sort(roleOrder(account));
  const servicesOf = (role: ReviewRole) => {
    const named = review.compile(role.trust, "resource").statements.flatMap((s) => (s.principals ?? []).filter((p) => p.type === "Service").map((p) => (p as { value: string }).value));
    return [...new Set(named)].sort((a, b) => Number(b === EC2) - Number(a === EC2) || collator.compare(a, b)).filter((s) => review.trusts(role, s));
  };
  let best: { role: ReviewRole; service: string; actions: number } | undefined;
  // EC2 first (the launch form and instance profiles are where the console teaches PassRole), then the most actions.
  const rank = (c: { service: string; actions: number }) => [Number(c.service === EC2), c.actions];
  for (const role of roles) {
    const service = servicesOf(role)[0];
    if (!service) continue;
    const candidate = { role, service, actions: countActions(review.bits(role)) };
    const [e, n] = rank(candidate);
    const [be, bn] = best ? rank(best) : [-1, -1];
    if (e > be || (e === be && n > bn)) best = candidate;
  }
  if (!best) return undefined;
  const to = best.service === EC2 ? "EC2" : best.service.replace(/\.amazonaws\.com$/, "");
  return { label: `Who can pass ${best.role.name} to ${to}`, action: "iam:PassRole", resource: best.role.arn, context: { "iam:PassedToService": best.service } };
}

/**
 * The assume question: a role whose trust policy admits another account's principals (this
 * account's role trusting outsiders, or another's trusting this one), else one admitting any IAM
 * principal, else one a service assumes (the answer then lists the services).
 */
function assumeQuestion(input: ReviewInput, review: ReviewContext, account: string): WhoCanPreset | undefined {
  const score = (role: ReviewRole): number => {
    const accounts = review
      .compile(role.trust, "resource")
      .statements.filter((s) => s.effect === "Allow" && !s.notPrincipal)
      .flatMap((s) => (s.principals ?? []).map(accountOf))
      .filter((a): a is string => a !== undefined);
    if (accounts.length === 0) return 0;
    const cross = accounts.some((a) => a !== role.account);
    if (cross && (role.account === account || accounts.includes(account))) return 3;
    return cross ? 2 : 1;
  };
  const roles = [...input.roles].sort(roleOrder(account));
  let best: { role: ReviewRole; score: number } | undefined;
  for (const role of roles) {
    const s = score(role);
    if (!best || s > best.score) best = { role, score: s };
  }
  if (!best || (best.score === 0 && best.role.account !== account)) return undefined;
  const where = best.role.account === account ? "" : ` (account ${best.role.account})`;
  return { label: `Who can assume ${best.role.name}${where}`, action: "sts:AssumeRole", resource: best.role.arn };
}

/** Up to three example questions about `account`, each left out when the workspace has nothing to ask it of. */
export function suggestWhoCanQuestions(input: ReviewInput, review: ReviewContext, account: string, objectKeys: Record<string, string> = {}): WhoCanPreset[] {
  return [readQuestion(input, account, objectKeys), passRoleQuestion(input, review, account), assumeQuestion(input, review, account)].filter((p): p is WhoCanPreset => p !== undefined);
}
