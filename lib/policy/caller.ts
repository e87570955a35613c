/**
 * Who is calling: the request's principal string read once into the identities AWS matches it
 * against. An assumed-role session is known by its session ARN, its role (account + role name; the
 * session ARN carries no role path) and its account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */

export type CallerKind = "anonymous" | "root" | "user" | "role" | "session" | "federated-user" | "service" | "other";

export interface Caller {
  kind: CallerKind;
  /** The principal exactly as given. */
  text: string;
  /** The account of an IAM caller; undefined for anonymous, service and federated-provider callers. */
  account?: string;
  /** For sessions and roles: the role name (last path segment). */
  roleName?: string;
  /** A service-linked role or one of its sessions (organization policies do not limit them). */
  serviceLinked?: boolean;
}

const cache = new Map<string, Caller>();
const ACCOUNT_ID = /^\d{12}$/;

/** Reads a request principal; results are cached by text since batches repeat principals. */
export function readCaller(principal: string): Caller {
  let caller = cache.get(principal);
  if (caller === undefined) {
    caller = classify(principal);
    if (cache.size >= 10_000) cache.clear();
    cache.set(principal, caller);
  }
  return caller;
}

function classify(text: string): Caller {
  if (text === "*") return { kind: "anonymous", text };
  const m = /^arn:[^:]+:(iam|sts)::(\d{12}):(.+)$/.exec(text);
  if (!m) {
    if (ACCOUNT_ID.test(text)) return { kind: "root", text, account: text };
    // Service principals (ec2.amazonaws.com) and identity providers are matched by exact text.
    return { kind: /\.amazonaws\.com(\.cn)?$/.test(text) ? "service" : "other", text };
  }
  const [, service, account, resource] = m;
  if (service === "iam") {
    if (resource === "root") return { kind: "root", text, account };
    if (resource.startsWith("user/")) return { kind: "user", text, account };
    if (resource.startsWith("role/")) {
      return { kind: "role", text, account, roleName: lastSegment(resource), serviceLinked: resource.startsWith("role/aws-service-role/") };
    }
    return { kind: "other", text, account };
  }
  if (resource.startsWith("assumed-role/")) {
    const [, roleName] = resource.split("/");
    return { kind: "session", text, account, roleName, serviceLinked: roleName.startsWith("AWSServiceRoleFor") };
  }
  if (resource.startsWith("federated-user/")) return { kind: "federated-user", text, account };
  return { kind: "other", text, account };
}

function lastSegment(resource: string): string {
  return resource.slice(resource.lastIndexOf("/") + 1);
}
