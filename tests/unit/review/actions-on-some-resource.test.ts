// What the review counts as a principal's actions: those allowed on some resource — on `*`, or on a
// resource its own Allow statements name — with an empty context, every deny and boundary applied.
// Resource-scoped grants (one bucket) count; "admin" still means every action on `*`.
import { describe, expect, it } from "vitest";
import { actionIndex } from "../../../lib/catalog/action-index";
import { reviewPassRole } from "../../../lib/review/review-pass-role";
import type { ReviewPolicy } from "../../../lib/review/review-input";
import { account, allow, deny, policy, role } from "./support";

const s3Actions = () => actionIndex().lowerIds.filter((id) => id.startsWith("s3:")).length;

function summary(policies: ReviewPolicy[], boundary?: ReviewPolicy) {
  const r = reviewPassRole(account([], [role("r", policies, { boundary })]), { details: true, findings: false });
  const { actions, admin } = r.identities![0];
  return { actions, admin };
}

describe("actions allowed on some resource", () => {
  it.each<[string, ReviewPolicy[], ReviewPolicy | undefined, () => number]>([
    ["reading one bucket (Get-pics): ListBucket on it and GetObject on its objects", [policy("Read", allow("s3:ListBucket", "arn:aws:s3:::photos"), allow("s3:GetObject", "arn:aws:s3:::photos/*"))], undefined, () => 2],
    ["three actions listed on a bucket and its objects count once each", [policy("Read", allow(["s3:GetObject", "s3:ListBucket", "s3:PutObject"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]))], undefined, () => 3],
    ["s3:* on `*`: every S3 action", [policy("S3", allow("s3:*"))], undefined, s3Actions],
    ["a Deny on the same objects leaves nothing", [policy("Read", allow("s3:GetObject", "arn:aws:s3:::photos/*"), deny("s3:*", "arn:aws:s3:::photos/*"))], undefined, () => 0],
    ["a Deny on other objects leaves the grant", [policy("Read", allow("s3:GetObject", "arn:aws:s3:::photos/*"), deny("s3:*", "arn:aws:s3:::secrets/*"))], undefined, () => 1],
    ["an S3 ARN allows no IAM action, whatever the statement lists", [policy("Odd", allow(["iam:CreateUser", "s3:GetObject"], "arn:aws:s3:::b/*"))], undefined, () => 1],
    ["a resource with a policy variable needs a request: left out", [policy("Home", allow("s3:GetObject", "arn:aws:s3:::home/${aws:username}/*"))], undefined, () => 0],
    ["a boundary that allows no S3 action leaves nothing", [policy("Read", allow("s3:GetObject", "arn:aws:s3:::photos/*"))], policy("Boundary", allow("ec2:*")), () => 0],
  ])("%s", (_, policies, boundary, expected) => {
    expect(summary(policies, boundary).actions).toBe(expected());
  });

  it("an administrator is still one allowed every action on `*`", () => {
    expect(summary([policy("Read", allow("*", "arn:aws:s3:::photos/*"))]).admin).toBe(false);
    expect(summary([policy("All", allow("*"))])).toEqual({ actions: actionIndex().lowerIds.length, admin: true });
  });
});
