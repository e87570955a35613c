/**
 * STS as the trust policy editor offers it: only the actions a trust policy may name, so the
 * builder never suggests one IAM would refuse on save (sts:GetCallerIdentity, sts:GetSessionToken…).
 */
import { isTrustPolicyAction } from "../policy/trust-actions";
import type { BuilderService } from "./service-catalog";

export function trustPolicyService(service: BuilderService): BuilderService {
  const actions = service.actions.filter((a) => isTrustPolicyAction(`${service.prefix}:${a.name}`));
  return { ...service, actions, levels: service.levels.filter((level) => actions.some((a) => a.level === level)) };
}
