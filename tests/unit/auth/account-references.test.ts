// Which accounts a request names, and which of them a console user may not name: the one decision
// behind every page, route and server action (app/server/account-access.ts).
import { describe, expect, it } from "vitest";
import { accountsNamedIn, refusedAccount } from "../../../lib/auth/account-references";

const owners = new Map([
  ["111111111111", "demo"],
  ["222222222222", "demo"],
  ["444455556666", "lab-2"],
]);
const trainee = { role: "trainee" as const, workspaceIds: ["demo"] };

describe("accounts a request names", () => {
  it("finds accountId fields at any depth and the account of every ARN, not ARNs inside a document's text", () => {
    const input = {
      workload: { kind: "instance", accountId: "444455556666", instanceId: "i-0123456789abcdef0" },
      roleArn: "arn:aws:iam::222222222222:role/efgh",
      target: { attachedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::333333333333:policy/p"] },
      resource: "arn:aws:dynamodb:us-east-1:555555555555:table/orders",
      bucket: "arn:aws:s3:::photos",
      text: JSON.stringify({ Statement: [{ Principal: { AWS: "arn:aws:iam::999999999999:root" } }] }),
    };
    expect(accountsNamedIn(input)).toEqual({ accountIds: ["444455556666"], arnAccounts: ["222222222222", "333333333333", "555555555555"] });
  });
});

describe("refusing accounts", () => {
  const cases: [string, unknown, string | undefined][] = [
    ["the trainee's own account", { accountId: "111111111111" }, undefined],
    ["another account of the trainee's workspace, by ARN", { accountId: "111111111111", roleArn: "arn:aws:iam::222222222222:role/efgh" }, undefined],
    ["an account of another workspace", { accountId: "444455556666" }, "444455556666"],
    ["a nested accountId of another workspace (the instance actions)", { workload: { kind: "instance", accountId: "444455556666", instanceId: "i-1" } }, "444455556666"],
    ["a role ARN of another workspace (previewAssumeRole)", { workload: { accountId: "111111111111" }, roleArn: "arn:aws:iam::444455556666:role/zebra" }, "444455556666"],
    ["a principal of another workspace (the simulate route)", { principalArn: "arn:aws:iam::444455556666:user/zebra", resource: "*" }, "444455556666"],
    ["an account that does not exist, worked in", { accountId: "777777777777" }, "777777777777"],
    ["an account nobody holds, only named by a resource ARN", { accountId: "111111111111", resource: "arn:aws:sqs:us-east-1:777777777777:q" }, undefined],
  ];
  it.each(cases)("a trainee of the demo workspace naming %s", (_what, input, refused) => {
    expect(refusedAccount(trainee, accountsNamedIn(input), owners)).toBe(refused);
  });

  it("administrators, editors and viewers see every workspace", () => {
    for (const role of ["admin", "editor", "viewer"] as const) {
      expect(refusedAccount({ role, workspaceIds: [] }, accountsNamedIn({ accountId: "444455556666", roleArn: "arn:aws:iam::444455556666:role/z" }), owners)).toBeUndefined();
    }
  });
});
