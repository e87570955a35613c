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
    expect(lines[0]).toBe("principal,role,service,trusted,launch,instanceProfiles,via,escalation");
    expect(lines).toContain("arn:aws:iam::111111111111:user/alice,arn:aws:iam::111111111111:role/ops-admin,ec2.amazonaws.com,true,ec2:RunInstances,arn:aws:iam::111111111111:instance-profile/ops-admin,ConsoleLaunchWithAnyRole#0,true");
    expect(lines).toContain("arn:aws:iam::111111111111:user/alice,arn:aws:iam::111111111111:role/web,ec2.amazonaws.com,true,ec2:RunInstances,arn:aws:iam::111111111111:instance-profile/web,ConsoleLaunchWithAnyRole#0,false");
  });
});
