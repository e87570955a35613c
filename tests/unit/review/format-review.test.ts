// The review's output formats: the streamed JSON and CSV are exactly the documents built in one piece.
import { describe, expect, it } from "vitest";
import { reviewCsv, reviewJson, writeReviewCsv, writeReviewJson } from "../../../lib/review/format-review";
import { reviewPassRole } from "../../../lib/review/review-pass-role";
import { account, launchAndS3, opsAdmin, passAnyToEc2, role, user } from "./support";

describe("review output", () => {
  const result = reviewPassRole(account([user("alice", [launchAndS3, passAnyToEc2]), user("bob", [])], [opsAdmin(), role("web", [])]), { findings: false });

  it("streams the JSON exactly as JSON.stringify with two-space indentation prints it", async () => {
    let out = "";
    await writeReviewJson(result, (chunk) => void (out += chunk));
    expect(out).toBe(`${JSON.stringify(reviewJson(result), null, 2)}\n`);
    expect(JSON.parse(out).escalations).toHaveLength(1);
  });

  it("streams empty lists too", async () => {
    let out = "";
    await writeReviewJson({ ...result, grants: [], escalations: [] }, (chunk) => void (out += chunk));
    expect(out).toBe(`${JSON.stringify(reviewJson({ ...result, grants: [], escalations: [] }), null, 2)}\n`);
  });

  it("writes CSV rows with quoted cells where needed and the escalation column", async () => {
    let out = "";
    await writeReviewCsv(result, (chunk) => void (out += chunk));
    expect(out).toBe(reviewCsv(result));
    const lines = out.trim().split("\n");
    // One row per finding (none here), then one per grant with the contract's grant columns.
    expect(lines[0]).toBe("severity,kind,principal,role,service,trusted,launch,instanceProfiles,via,escalation,services,title,explanation,fix,hops");
    expect(lines).toContain(",grant,arn:aws:iam::111111111111:user/alice,arn:aws:iam::111111111111:role/ops-admin,ec2.amazonaws.com,true,ec2:RunInstances,arn:aws:iam::111111111111:instance-profile/ops-admin,ConsoleLaunchWithAnyRole#0,true,ec2.amazonaws.com,alice may pass ops-admin to ec2.amazonaws.com,,,");
    expect(lines).toContain(",grant,arn:aws:iam::111111111111:user/alice,arn:aws:iam::111111111111:role/web,ec2.amazonaws.com,true,ec2:RunInstances,arn:aws:iam::111111111111:instance-profile/web,ConsoleLaunchWithAnyRole#0,false,ec2.amazonaws.com,alice may pass web to ec2.amazonaws.com,,,");
  });
});
