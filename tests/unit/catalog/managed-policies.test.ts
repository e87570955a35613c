import { describe, expect, it } from "vitest";
import { findManagedPolicy, findManagedPolicyByName, listManagedPolicies, searchManagedPolicies } from "../../../lib/catalog/managed-policies";

describe("AWS-managed policies (default versions only)", () => {
  it("finds ReadOnlyAccess by ARN", () => {
    const policy = findManagedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess");
    expect(policy).toEqual(expect.objectContaining({ name: "ReadOnlyAccess", path: "/" }));
    expect(policy?.defaultVersionId).toMatch(/^v\d+$/);
    expect(policy?.document).toEqual(expect.objectContaining({ Version: "2012-10-17" }));
  });
  it("AdministratorAccess allows * on *", () => {
    const policy = findManagedPolicyByName("administratoraccess");
    expect(policy?.arn).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(policy?.document).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  });
  it("keeps the IAM path of service-role policies", () => {
    const policy = findManagedPolicy("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM");
    expect(policy?.path).toBe("/service-role/");
  });
  it("ARN lookups are exact", () => {
    expect(findManagedPolicy("arn:aws:iam::aws:policy/readonlyaccess")).toBeUndefined();
    expect(findManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicy")).toBeUndefined();
  });
  it("searches by name, prefix matches first", () => {
    const results = searchManagedPolicies("AmazonS3", 5);
    expect(results).toHaveLength(5);
    expect(results.every((p) => p.name.startsWith("AmazonS3"))).toBe(true);
    expect(searchManagedPolicies("s3readonly").map((p) => p.name)).toContain("AmazonS3ReadOnlyAccess");
    expect(searchManagedPolicies("zzzz-nothing")).toEqual([]);
  });
  it("holds over a thousand policies", () => {
    expect(listManagedPolicies().length).toBeGreaterThan(1000);
  });
});
