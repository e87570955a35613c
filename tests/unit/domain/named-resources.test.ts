import { describe, expect, it } from "vitest";
import { namedResourceColumns } from "../../../lib/compute/named-resources";
import { compilePolicySet } from "../../../lib/policy/evaluate";

const set = (resources: string[]) =>
  compilePolicySet({ identityPolicies: [{ name: "P", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: resources }] } }] });

describe("the resources a role's own policies name (access matrix columns, ask-box examples)", () => {
  it("names buckets, object prefixes and concrete ARNs, not the workspace's other buckets", () => {
    expect(namedResourceColumns(set(["arn:aws:s3:::team-data/*", "arn:aws:s3:::team-data", "arn:aws:s3:::photos/originals/*", "arn:aws:dynamodb:us-east-1:111111111111:table/orders"]))).toEqual([
      "arn:aws:dynamodb:us-east-1:111111111111:table/orders",
      "arn:aws:s3:::photos/originals/*",
      "arn:aws:s3:::team-data",
      "*",
    ]);
  });
  it("leaves out wildcard names and policy variables; always offers *", () => {
    expect(namedResourceColumns(set(["arn:aws:s3:::logs-*", "arn:aws:s3:::home/${aws:username}/*", "*"]))).toEqual(["*"]);
  });
});
