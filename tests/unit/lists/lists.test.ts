import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../../lib/db/create-client";
import { createAccount } from "../../../lib/iam/accounts";
import { addUserToGroup, attachGroupPolicy, createGroup } from "../../../lib/iam/groups";
import { addRoleToInstanceProfile, createInstanceProfile } from "../../../lib/iam/instance-profiles";
import { createPolicy } from "../../../lib/iam/managed-policies";
import { attachRolePolicy, createRole, putRolePolicy } from "../../../lib/iam/roles";
import { createUser } from "../../../lib/iam/users";
import { readListQuery } from "../../../lib/lists/list-query";
import { groupListSpec, instanceProfileListSpec, policyListSpec, roleListSpec, userListSpec } from "../../../lib/lists/list-specs";
import { listGroups } from "../../../lib/lists/groups";
import { listInstanceProfiles } from "../../../lib/lists/instance-profiles";
import { listPolicies } from "../../../lib/lists/policies";
import { listRoles } from "../../../lib/lists/roles";
import { listUsers } from "../../../lib/lists/users";
import { inlineChoiceLimit, searchChoices, startPicker } from "../../../lib/lists/choices";
import { createTestAccountDatabase } from "../support/test-database";

// One account of 64 roles (every third in an instance profile, every fourth with a managed policy),
// 30 users in 3 groups (the last 6 in none), a second account in the same workspace and a third
// account in another workspace.
const account = "123456789012";
const sibling = "210987654321";
const stranger = "999988887777";
const actor = "test";
const ec2Trust = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] });
const inline = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const roleNames = [...Array.from({ length: 60 }, (_, i) => `app-${String(i).padStart(2, "0")}`), "odd_name", "odd-name", "Web-Frontend", "web-backend"];

let db: Db;
let dispose: () => Promise<void>;

beforeAll(async () => {
  ({ db, dispose } = await createTestAccountDatabase(account));
  await createAccount(db, { id: sibling, name: "Sibling", workspaceId: "w" }, actor);
  await db.workspace.create({ data: { id: "other", name: "other" } });
  await createAccount(db, { id: stranger, name: "Stranger", workspaceId: "other" }, actor);
  const shared = await createPolicy(db, { accountId: account, name: "shared-read", document: inline }, actor);
  await createPolicy(db, { accountId: account, name: "never-attached", description: "Kept for later", document: inline }, actor);
  for (const [i, name] of roleNames.entries()) {
    await createRole(db, { accountId: account, name, trustPolicy: ec2Trust, description: i === 61 ? "dash, not underscore" : "" }, actor);
    if (i % 3 === 0) {
      await createInstanceProfile(db, { accountId: account, name: `profile-${name}` }, actor);
      await addRoleToInstanceProfile(db, { accountId: account, instanceProfileName: `profile-${name}`, roleName: name }, actor);
    }
    if (i % 4 === 0) await attachRolePolicy(db, { accountId: account, roleName: name, policyArn: shared.arn }, actor);
    if (i === 7) {
      await attachRolePolicy(db, { accountId: account, roleName: name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, actor);
      await putRolePolicy(db, { accountId: account, roleName: name, policyName: "extra", document: inline }, actor);
    }
  }
  for (const g of ["admins", "developers", "readers"]) await createGroup(db, { accountId: account, name: g }, actor);
  await attachGroupPolicy(db, { accountId: account, groupName: "readers", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }, actor);
  for (let i = 0; i < 30; i++) {
    const name = `user-${String(i).padStart(2, "0")}`;
    await createUser(db, { accountId: account, name }, actor);
    if (i < 24) await addUserToGroup(db, { accountId: account, groupName: ["admins", "developers", "readers"][i % 3], userName: name }, actor);
  }
  await createRole(db, { accountId: sibling, name: "cross-account-reader", trustPolicy: ec2Trust }, actor);
  await createRole(db, { accountId: stranger, name: "stranger-role", trustPolicy: ec2Trust }, actor);
});
afterAll(async () => dispose());

const roles = (search: string) => listRoles(db, account, readListQuery(roleListSpec, new URLSearchParams(search)));
const byName = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

describe("the roles list pages, sorts, searches and filters on the server", () => {
  it("answers one page with where it sits: never the whole account", async () => {
    const first = await roles("size=25");
    expect(first).toMatchObject({ total: 64, all: 64, page: 1, size: 25 });
    expect(first.rows).toHaveLength(25);
    const third = await roles("size=25&page=3");
    expect(third.rows).toHaveLength(14);
    expect((await roles("size=25&page=99")).page).toBe(3);
  });

  it("pages cover every role exactly once, in name order ignoring case", async () => {
    const names = [...(await roles("size=25")).rows, ...(await roles("size=25&page=2")).rows, ...(await roles("size=25&page=3")).rows].map((r) => r.name);
    expect(names).toEqual([...roleNames].sort(byName));
    expect((await roles("dir=desc&size=100")).rows.map((r) => r.name)).toEqual([...roleNames].sort(byName).reverse());
  });

  it("sorts by policy count, largest first, ties by name", async () => {
    const rows = (await roles("sort=policies&size=100")).rows;
    expect(rows[0]).toMatchObject({ name: "app-07", policyCount: 2 });
    const counts = rows.map((r) => r.policyCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const ones = rows.filter((r) => r.policyCount === 1).map((r) => r.name);
    expect(ones).toEqual([...ones].sort(byName));
  });

  it("searches every word, ignoring case, and takes % and _ literally", async () => {
    expect((await roles("q=WEB")).rows.map((r) => r.name)).toEqual(["web-backend", "Web-Frontend"]);
    expect((await roles("q=web front")).rows.map((r) => r.name)).toEqual(["Web-Frontend"]);
    expect((await roles("q=odd_")).rows.map((r) => r.name)).toEqual(["odd_name"]);
    expect((await roles("q=%25")).total).toBe(0);
    // The description is searched too.
    expect((await roles("q=underscore")).rows.map((r) => r.name)).toEqual(["odd-name"]);
  });

  it("filters, with the unfiltered count beside the filtered one", async () => {
    const inProfile = await roles("filter=in-profile&size=100");
    expect(inProfile.total).toBe(roleNames.filter((_, i) => i % 3 === 0).length);
    expect(inProfile.all).toBe(64);
    expect(inProfile.rows.every((r) => r.instanceProfileCount === 1)).toBe(true);
    const none = await roles("filter=no-policies&size=100");
    expect(none.rows.every((r) => r.policyCount === 0)).toBe(true);
    expect(none.total + roleNames.filter((_, i) => i % 4 === 0 || i === 7).length).toBe(64);
  });
});

describe("the other lists", () => {
  it("users: search matches a group's name; filter: users in no group", async () => {
    const readers = await listUsers(db, account, readListQuery(userListSpec, { q: "readers" }));
    expect(readers.total).toBe(8);
    expect(readers.rows.every((u) => u.groups.includes("readers"))).toBe(true);
    const loners = await listUsers(db, account, readListQuery(userListSpec, { filter: "no-group" }));
    expect(loners.rows.map((u) => u.name)).toEqual(["user-24", "user-25", "user-26", "user-27", "user-28", "user-29"]);
  });

  it("groups: sorted by members, with policy counts", async () => {
    const page = await listGroups(db, account, readListQuery(groupListSpec, { sort: "members" }));
    expect(page.rows.map((g) => [g.name, g.memberCount, g.policyCount])).toEqual([["admins", 8, 0], ["developers", 8, 0], ["readers", 8, 1]]);
  });

  it("instance profiles: search matches the role held", async () => {
    const page = await listInstanceProfiles(db, account, readListQuery(instanceProfileListSpec, { q: "app-03" }));
    expect(page.rows).toEqual([expect.objectContaining({ name: "profile-app-03", roleName: "app-03", instanceCount: 0 })]);
  });

  it("policies: customer-managed ones and the AWS-managed ones attached in the account, by name, with attachment counts", async () => {
    const page = await listPolicies(db, account, readListQuery(policyListSpec, {}));
    expect(page.rows.map((p) => [p.name, p.kind, p.attachmentCount])).toEqual([
      ["never-attached", "customer", 0],
      ["ReadOnlyAccess", "aws", 2],
      ["shared-read", "customer", 16],
    ]);
    expect((await listPolicies(db, account, readListQuery(policyListSpec, { filter: "aws" }))).rows.map((p) => p.arn)).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect((await listPolicies(db, account, readListQuery(policyListSpec, { filter: "unattached" }))).rows.map((p) => p.name)).toEqual(["never-attached"]);
    expect((await listPolicies(db, account, readListQuery(policyListSpec, { q: "later" }))).rows.map((p) => p.name)).toEqual(["never-attached"]);
    expect((await listPolicies(db, account, readListQuery(policyListSpec, { sort: "attachments" }))).rows[0].name).toBe("shared-read");
  });
});

describe("pickers search on the server", () => {
  it("answer at most twenty options matching every word", async () => {
    expect(await searchChoices(db, account, "roles", "")).toHaveLength(20);
    expect((await searchChoices(db, account, "roles", "web")).map((c) => c.value)).toEqual(["web-backend", "Web-Frontend"]);
    expect((await searchChoices(db, account, "instance-profiles", "app-06"))[0]).toMatchObject({ value: "profile-app-06", label: "profile-app-06 → role app-06" });
  });

  it("principals: the administrator first, then users, then roles; a kind's word narrows to it", async () => {
    const all = await searchChoices(db, account, "principals", "");
    expect(all[0]).toMatchObject({ value: "root", group: "Administrator" });
    expect(all[1]).toMatchObject({ value: `arn:aws:iam::${account}:user/user-00`, label: "user user-00" });
    expect(all).toHaveLength(20);
    expect((await searchChoices(db, account, "principals", "role web")).map((c) => c.label)).toEqual(["role web-backend", "role Web-Frontend"]);
    expect((await searchChoices(db, account, "principals", "user-2")).map((c) => c.label)).toHaveLength(10);
    expect((await searchChoices(db, account, "principals", "root")).map((c) => c.value)).toEqual(["root"]);
    // Short enough for a select of 18rem: the account id, which every choice shares, is left out of the label but still finds it.
    expect(all[0].label).toBe("Account administrator (root)");
    expect((await searchChoices(db, account, "principals", account.slice(0, 6))).map((c) => c.value)).toEqual(["root"]);
  });

  it("workspace roles: the other accounts' first, never another workspace's", async () => {
    const options = await searchChoices(db, account, "workspace-roles", "");
    expect(options[0]).toMatchObject({ value: `arn:aws:iam::${sibling}:role/cross-account-reader`, label: `cross-account-reader (${sibling})` });
    expect(options.some((o) => o.value.includes(stranger))).toBe(false);
    expect(await searchChoices(db, account, "workspace-roles", "stranger")).toEqual([]);
  });

  it("a picker of few options gets them all, one of many only its count", async () => {
    const few = await startPicker(db, account, "instance-profiles");
    expect(few.total).toBe(22);
    expect(few.options).toHaveLength(22);
    const many = await startPicker(db, account, "principals");
    expect(many).toEqual({ total: 1 + 30 + 64, options: null });
    expect(many.total).toBeGreaterThan(inlineChoiceLimit);
  });
});
