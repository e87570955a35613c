import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDemoWorkspace } from "../../../lib/seed/seed-demo-workspace";
import { createRole, putRolePolicy, updateAssumeRolePolicy } from "../../../lib/iam/roles";
import { createPolicy } from "../../../lib/iam/managed-policies";
import { putBucketPolicy } from "../../../lib/s3/buckets";
import { reviewAccount } from "../../../lib/io/account-review";
import { simulatePrincipalRequest } from "../../../lib/simulation/simulate-principal";
import { loadManagedDocuments } from "../../../lib/iam/attachable-policies";
import { MAX_JSON_DEPTH } from "../../../lib/policy/parse-json";
import { createTestDatabase } from "../support/test-database";
import { appErrorOf } from "../support/app-error";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let t: TestDb;
beforeEach(async () => {
  t = await createTestDatabase();
  await seedDemoWorkspace(t.db);
});
afterEach(async () => t.dispose());

const account = "111111111111";
const actor = "test";
const trust = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}';

// Four levels of objects before the condition values; the first bracket past the limit is refused.
const deepPrefix = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:x":';

// Texts AWS refuses with MalformedPolicyDocument, and where (line, column) the refusal points.
const refused: [what: string, text: string, line: number, column: number][] = [
  ["a repeated Effect (the second one would win)", '{"Version":"2012-10-17","Statement":{"Effect":"Deny",\n  "Effect":"Allow","Action":"*","Resource":"*"}}', 2, 3],
  ["a __proto__ statement element", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",\n"__proto__":{"x":1}}}', 2, 13],
  ["a __proto__ top-level element", '{"Version":"2012-10-17",\n "__proto__":[],"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}', 2, 14],
  ["a constructor condition operator", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{\n"constructor":{"aws:x":"y"}}}}', 2, 15],
  ["an action without a service", '{"Version":"2012-10-17","Statement":{"Effect":"Allow",\n"Action":"GetObject","Resource":"*"}}', 2, 10],
  ["a Principal in an identity policy", '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",\n "Principal":"*"}}', 2, 14],
  ["nesting deeper than any policy", `${deepPrefix}${"[".repeat(200)}`, 1, deepPrefix.length + MAX_JSON_DEPTH - 4 + 1],
];

describe("a policy AWS refuses is never stored", () => {
  it.each(refused)("an inline policy with %s is MalformedPolicyDocument at its line and column", async (_what, text, line, column) => {
    const error = await appErrorOf(putRolePolicy(t.db, { accountId: account, roleName: "Get-pics", policyName: "bad", document: text }, actor));
    expect(error.code).toBe("MalformedPolicyDocument");
    expect(error.details).toMatchObject({ line, column });
    expect(error.message).toMatch(new RegExp(`line ${line}, column ${column}`));
    expect(await t.db.inlinePolicy.count({ where: { name: "bad" } })).toBe(0);
  });

  it("a managed policy with a repeated key is refused too", async () => {
    const error = await appErrorOf(createPolicy(t.db, { accountId: account, name: "bad", document: refused[0][1] }, actor));
    expect(error.code).toBe("MalformedPolicyDocument");
  });

  it("a trust policy must name a principal; a bucket policy with a repeated key is refused", async () => {
    const noPrincipal = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}';
    expect((await appErrorOf(createRole(t.db, { accountId: account, name: "r", trustPolicy: noPrincipal }, actor))).code).toBe("MalformedPolicyDocument");
    expect((await appErrorOf(updateAssumeRolePolicy(t.db, { accountId: account, roleName: "Get-pics", document: noPrincipal }, actor))).code).toBe("MalformedPolicyDocument");
    const bucket = '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}';
    const error = await appErrorOf(putBucketPolicy(t.db, { accountId: account, bucketName: "amzn-s3-demo-bucket-photos", document: bucket }, actor));
    expect(error.code).toBe("MalformedPolicyDocument");
    await expect(createRole(t.db, { accountId: account, name: "fine", trustPolicy: trust }, actor)).resolves.toBeDefined();
  });
});

describe("a malformed document already in the database breaks no page", () => {
  // Written behind the services' back, as an old database or a hand-edited file would hold it.
  async function corrupt(text: string) {
    const policy = await t.db.inlinePolicy.findFirstOrThrow({ where: { name: "ReadPhotosBucket" } });
    await t.db.inlinePolicy.update({ where: { id: policy.id }, data: { document: text } });
  }

  it.each([
    ["a repeated key", refused[0][1]],
    ["a __proto__ element", refused[1][1]],
    ["text that is not JSON", "{"],
    ["nesting far too deep", "[".repeat(100_000)],
  ])("with %s, the review and simulate answer MalformedPolicyDocument naming the policy", async (_what, text) => {
    await corrupt(text);
    const review = await appErrorOf(reviewAccount(t.db, account));
    expect(review.code).toBe("MalformedPolicyDocument");
    expect(review.message).toMatch(/ReadPhotosBucket/);
    const simulate = await appErrorOf(
      simulatePrincipalRequest(t.db, { principalArn: `arn:aws:iam::${account}:role/Get-pics`, action: "s3:GetObject", resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg" }, new Date()),
    );
    expect(simulate.code).toBe("MalformedPolicyDocument");
    expect(simulate.message).toMatch(/ReadPhotosBucket/);
  });

  it("a managed policy stored as text that is not JSON is MalformedPolicyDocument where it is offered for attaching", async () => {
    const policy = await t.db.managedPolicy.findFirstOrThrow({ where: { accountId: account } });
    await t.db.policyVersion.updateMany({ where: { policyId: policy.id }, data: { document: "{not json" } });
    const arn = `arn:aws:iam::${account}:policy${policy.path}${policy.name}`;
    const error = await appErrorOf(loadManagedDocuments(t.db, account, [arn]));
    expect(error.code).toBe("MalformedPolicyDocument");
    expect(error.message).toMatch(new RegExp(policy.name));
  });
});
