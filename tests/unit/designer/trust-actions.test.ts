// The trust policy editor offers only the STS actions a trust policy may name; IAM refuses any
// other on save, and the validator flags them from the same list.
import { describe, expect, it } from "vitest";
import { describeBuilderService } from "../../../lib/designer/service-catalog";
import { trustPolicyService } from "../../../lib/designer/trust-service";
import { isTrustPolicyAction, trustPolicyActions } from "../../../lib/policy/trust-actions";

describe("the trust editor's STS actions", () => {
  const sts = describeBuilderService("sts")!;

  it("offers exactly AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, TagSession, SetSourceIdentity and SetContext", () => {
    const offered = trustPolicyService(sts).actions.map((a) => `sts:${a.name}`);
    expect(offered.sort()).toEqual([...trustPolicyActions].sort());
  });

  it("leaves out the STS actions a trust policy may not name, which the catalog lists", () => {
    const all = sts.actions.map((a) => a.name);
    expect(all).toEqual(expect.arrayContaining(["GetCallerIdentity", "GetSessionToken", "GetFederationToken", "DecodeAuthorizationMessage"]));
    const offered = trustPolicyService(sts).actions.map((a) => a.name);
    for (const name of ["GetCallerIdentity", "GetSessionToken", "GetFederationToken", "DecodeAuthorizationMessage", "AssumeRoot", "GetAccessKeyInfo"]) expect(offered).not.toContain(name);
  });

  it("keeps only the access levels that still hold an action", () => {
    const service = trustPolicyService(sts);
    for (const level of service.levels) expect(service.actions.some((a) => a.level === level)).toBe(true);
    expect(service.levels.length).toBeLessThan(sts.levels.length);
  });

  it("reads actions in any case, as IAM does", () => {
    expect(isTrustPolicyAction("STS:assumerole")).toBe(true);
    expect(isTrustPolicyAction("sts:GetCallerIdentity")).toBe(false);
  });
});
