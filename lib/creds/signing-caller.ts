/**
 * Who signed a request (SigV4): a role session Roleplay issued (instance, ECS task or AssumeRole
 * credentials, `ASIA…` with a session token) or an IAM user's long-term access key (`AKIA…`).
 * The verifier (lib/sts/verify-signature.ts) produces it; the principal loader
 * (lib/authz/principal-policies.ts, resolveSigningPrincipal) turns it into the acting principal.
 */
import type { IssuedSession } from "./role-sessions";

export type SigningCaller =
  | { kind: "session"; accessKeyId: string; accountId: string; /** the session's assumed-role ARN */ arn: string; session: IssuedSession }
  | { kind: "user"; accessKeyId: string; accountId: string; /** the user's ARN */ arn: string; userName: string; /** AIDA… */ userId: string };
