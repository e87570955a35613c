/**
 * The organization levels over an account, for SCPs (the principal's account) and RCPs (the
 * resource's account): the root, each OU down, then the account, each with the policies of that
 * kind attached to it. One function for the single-principal loader and the workspace-wide one.
 * Neither SCPs nor RCPs affect the organization's management account (AWS Organizations User Guide:
 * "SCPs don't affect users or roles in the management account"; "RCPs don't affect resources in
 * the management account"), so it has no levels.
 */
import type { NamedPolicy } from "../policy/evaluate";

export type OrgNodeFacts = { id: string; name: string; kind: string; parentId: string | null };
export type OrgPolicyFacts = { id: string; name: string; kind: string; document: string; attachments: { nodeId: string | null; accountId: string | null }[] };
export type OrgLevel = { target: string; policies: (NamedPolicy & { id: string })[] };

export function orgLevelsFor(
  account: { id: string; orgNodeId: string | null },
  organization: { managementAccountId: string; nodes: OrgNodeFacts[]; policies: OrgPolicyFacts[] } | undefined,
  kind: "SCP" | "RCP",
): OrgLevel[] {
  if (!organization || !account.orgNodeId || organization.managementAccountId === account.id) return [];
  const nodes = new Map(organization.nodes.map((n) => [n.id, n]));
  const chain: OrgNodeFacts[] = [];
  for (let node = nodes.get(account.orgNodeId); node; node = node.parentId ? nodes.get(node.parentId) : undefined) chain.unshift(node);
  const ofKind = organization.policies.filter((p) => p.kind === kind);
  const attachedTo = (match: (a: { nodeId: string | null; accountId: string | null }) => boolean) =>
    ofKind.filter((p) => p.attachments.some(match)).map((p) => ({ id: p.id, name: p.name, document: p.document }));
  return [
    ...chain.map((node) => ({ target: node.kind === "ROOT" ? `root ${node.id}` : `OU ${node.name}`, policies: attachedTo((a) => a.nodeId === node.id) })),
    { target: `account ${account.id}`, policies: attachedTo((a) => a.accountId === account.id) },
  ];
}
