import { describe, expect, it } from "vitest";
import { expandActionPattern, findAction, isKnownAction, listServiceActions } from "../../../lib/catalog/actions";
import { findService, isKnownService, listServices } from "../../../lib/catalog/services";
import { normalizeAccessLevel } from "../../../lib/catalog/access-level";

const ids = (pattern: string) => expandActionPattern(pattern).map((a) => a.id);

describe("isKnownAction (case-insensitive service:Action, Service Authorization Reference)", () => {
  it.each([
    ["s3:GetObject", true],
    ["S3:getobject", true],
    ["sts:AssumeRole", true],
    ["iam:PassRole", true],
    ["ec2:RunInstances", true],
    ["s3:GetObjct", false],
    ["s4:GetObject", false],
    ["s3:Get*", false],
    ["*", false],
    ["s3", false],
    ["s3:", false],
    [":GetObject", false],
  ])("%s → %s", (action, known) => {
    expect(isKnownAction(action)).toBe(known);
  });
});

describe("expandActionPattern (IAM action wildcards: * any run, ? one character, no case)", () => {
  it("s3:Get* holds s3:GetObject and not s3:PutObject", () => {
    const actions = ids("s3:Get*");
    expect(actions).toContain("s3:GetObject");
    expect(actions).toContain("s3:GetBucketLocation");
    expect(actions).not.toContain("s3:PutObject");
    expect(actions.every((a) => a.startsWith("s3:Get"))).toBe(true);
  });
  it.each([
    ["S3:get*", "s3:GetObject"],
    ["s3:?etObject", "s3:GetObject"],
    ["iam:Pass*", "iam:PassRole"],
    ["sts:Assume*", "sts:AssumeRoleWithWebIdentity"],
    ["*:PassRole", "iam:PassRole"],
  ])("%s contains %s", (pattern, expected) => {
    expect(ids(pattern)).toContain(expected);
  });
  it("an exact name expands to its canonical spelling", () => {
    expect(ids("s3:getobject")).toEqual(["s3:GetObject"]);
  });
  it("* is every action of every service", () => {
    const all = expandActionPattern("*");
    expect(all.length).toBeGreaterThan(15000);
    expect(new Set(all.map((a) => a.service)).size).toBe(listServices().length);
  });
  it.each(["s3:Nope*", "nope:*", "s3:GetObjct", "s3"])("%s expands to nothing", (pattern) => {
    expect(expandActionPattern(pattern)).toEqual([]);
  });
});

describe("action details from the reference", () => {
  it.each([
    ["s3:GetObject", "Read"],
    ["s3:ListBucket", "List"],
    ["s3:PutObject", "Write"],
    ["s3:PutBucketPolicy", "Permissions management"],
    ["s3:PutObjectTagging", "Tagging"],
    ["iam:PassRole", "Write"],
    ["sts:AssumeRole", "Write"],
  ])("%s is %s", (action, level) => {
    expect(findAction(action)?.accessLevel).toBe(level);
  });
  it("s3:GetObject acts on object and access point object, neither required", () => {
    const action = findAction("s3:GetObject")!;
    expect(action.resourceTypes.map((t) => t.name).sort()).toEqual(["accesspointobject", "object"]);
    expect(action.wildcardOnly).toBe(false);
  });
  it("iam:PassRole requires a role and offers iam:PassedToService", () => {
    const action = findAction("iam:PassRole")!;
    expect(action.resourceTypes).toEqual([expect.objectContaining({ name: "role", required: true })]);
    expect(action.conditionKeys).toContain("iam:PassedToService");
  });
  it("s3:ListAllMyBuckets supports no resource type (Resource must be *)", () => {
    expect(findAction("s3:ListAllMyBuckets")?.wildcardOnly).toBe(true);
  });
  it("lists a service's actions", () => {
    expect(listServiceActions("sts").map((a) => a.name)).toContain("AssumeRole");
    expect(listServiceActions("nope")).toEqual([]);
  });
});

describe("services", () => {
  it.each([
    ["s3", "Amazon S3"],
    ["IAM", "AWS Identity and Access Management (IAM)"],
    ["sts", "AWS Security Token Service"],
  ])("%s is %s", (prefix, name) => {
    expect(findService(prefix)?.name).toBe(name);
    expect(isKnownService(prefix)).toBe(true);
  });
  it("unknown prefixes are not services", () => {
    expect(isKnownService("s4")).toBe(false);
  });
});

describe("normalizeAccessLevel", () => {
  it.each([
    ["Permissions management, Write", "Permissions management"],
    ["Tagging, Write", "Tagging"],
    ["Read", "Read"],
    ["Something new", "Write"],
  ])("%s → %s", (raw, level) => {
    expect(normalizeAccessLevel(raw)).toBe(level);
  });
});
