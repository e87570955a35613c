import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";
import { cutSelects } from "./support/layout";

// Issue 6's flows: acting as a principal (the Alice story), one role per profile, replacing a
// running instance's profile, and the abcd → efgh assume-role preview. Each test leaves the demo
// workspace's own instances and roles as it found them, for the specs that run after it.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const a = "111111111111";

/** The CLI against the browser tests' own database (scripts/e2e-server.mjs). */
function roleplay(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "roleplay.mjs"), ...args], { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: `file:${path.join(root, "data", "e2e.db")}` } });
  expect(result.status, result.stderr).toBe(0);
}

async function launch(page: Page, as: string, name: string, profile: string) {
  await page.goto(`/${a}/instances`);
  const form = page.getByRole("form", { name: "Launch an instance" });
  await form.getByLabel("Launch as").selectOption({ label: as });
  await form.getByLabel("Name tag").fill(name);
  await form.getByLabel("Instance profile (IAM role)").selectOption(profile);
  await form.getByRole("button", { name: "Launch instance" }).click();
  return form;
}

test.beforeEach(async ({ page }) => {
  await signIn(page, "editor");
});

test("the Alice story: bob is refused ops-admin with the explanation beside AWS's error, then launches with Get-pics", async ({ page }) => {
  const form = await launch(page, "user bob", "bob-box", "ops-admin");
  const refusal = form.getByRole("alert");
  await expect(refusal).toContainText("Refused: UnauthorizedOperation");
  await expect(refusal).toContainText(`User: arn:aws:iam::${a}:user/bob is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${a}:role/ops-admin`);
  const why = refusal.getByTestId("refusal-explanation");
  await expect(why).toContainText(`Missing permission: iam:PassRole on arn:aws:iam::${a}:role/ops-admin`);
  await expect(why).toContainText("iam:PassedToService=ec2.amazonaws.com");
  await expect(why).toContainText("LaunchWithGetPicsOnly");
  await expect(why).toContainText(`Resource 'arn:aws:iam::${a}:role/Get-pics' does not match`);
  await expect(page).toHaveURL(new RegExp(`/${a}/instances$`));

  await form.getByLabel("Instance profile (IAM role)").selectOption("Get-pics");
  await form.getByRole("button", { name: "Launch instance" }).click();
  await expect(page).toHaveURL(new RegExp(`/${a}/instances/i-[0-9a-f]{17}$`));
  await expect(page.getByRole("heading", { level: 1, name: "bob-box" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Details" })).toContainText(`arn:aws:iam::${a}:user/bob`);
  await expect(page.getByTestId("trust-verdict")).toContainText("ec2.amazonaws.com may assume Get-pics");
});

test("alice, with the broad PassRole, can launch with the powerful ops-admin role — and the instance can then do IAM", async ({ page }) => {
  await launch(page, "user alice", "alice-box", "ops-admin");
  await expect(page).toHaveURL(new RegExp(`/${a}/instances/i-[0-9a-f]{17}$`));
  const effective = page.getByRole("region", { name: "What the application on this instance can do" });
  await expect(effective.getByRole("table", { name: "Permissions of ops-admin" })).toContainText("IAM");
  await effective.getByLabel("Action", { exact: true }).fill("iam:CreateUser");
  await effective.getByLabel("on resource").fill(`arn:aws:iam::${a}:user/backdoor`);
  await effective.getByRole("button", { name: "Ask the evaluator" }).click();
  await expect(effective.getByTestId("ask-answer")).toContainText("Allowed");
  await expect(effective.getByTestId("ask-answer")).toContainText("IAMFullAccess");
});

test("an instance profile holding a role offers no second one, says to remove it first, and shows whom one acts as in full", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/${a}/instance-profiles/Get-pics`);
  const role = page.getByRole("region", { name: "Role" });
  await expect(role).toContainText("A profile holds one role; remove Get-pics first to put another in.");
  await expect(role.getByRole("button", { name: "Add role" })).toHaveCount(0);
  await expect(role.getByLabel("Role", { exact: true })).toHaveCount(0);
  await expect(role.getByRole("button", { name: "Remove Get-pics" })).toBeVisible();
  await expect(role.getByLabel("Acting as").locator("option:checked")).toHaveText("Account administrator (root)");
  expect(await cutSelects(page)).toEqual([]);
  await page.goto(`/${a}/ecs-tasks`);
  await expect(page.getByLabel("Run as")).toBeVisible();
  expect(await cutSelects(page)).toEqual([]);
});

test("replacing a running instance's profile changes what its application can do, without a restart", async ({ page }) => {
  await launch(page, "Account administrator (root)", "replace-demo", "Get-pics");
  await expect(page).toHaveURL(new RegExp(`/${a}/instances/i-[0-9a-f]{17}$`));
  const effective = page.getByRole("region", { name: "What the application on this instance can do" });
  const cell = (action: string, bucket: string) => effective.locator(`[data-cell="${action} ${bucket}"]`);
  // The matrix offers the resources the role's own policies name.
  await expect(cell("s3:GetObject", "amzn-s3-demo-bucket-photos")).toHaveText("Allowed");
  await expect(cell("s3:GetObject", "amzn-s3-demo-bucket1")).toHaveCount(0);

  const operate = page.getByRole("region", { name: "Operate this instance" });
  await operate.getByLabel("Replace with").selectOption("abcd");
  await operate.getByRole("button", { name: "Replace profile" }).click();
  await expect(operate.getByRole("status")).toContainText("without a restart");
  await expect(cell("s3:GetObject", "amzn-s3-demo-bucket1")).toHaveText("Allowed");
  await expect(cell("s3:GetObject", "amzn-s3-demo-bucket-photos")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Identity on this instance" }).getByRole("link", { name: /abcd/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Instance profile associations" })).toContainText("disassociated");

  await operate.getByRole("button", { name: "Associate another" }).click();
  await expect(operate.getByRole("alert")).toContainText("Refused: IncorrectState");
  await expect(operate.getByRole("alert")).toContainText("There is an existing association for instance");
});

test("from the abcd instance, assume efgh: both sides allow; after the trust statement is removed, the trust side refuses", async ({ page }) => {
  const original = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${a}:role/abcd` } }] });
  await page.goto(`/${a}/instances`);
  await page.getByRole("link", { name: "cross-account-app" }).first().click();
  const assume = page.getByRole("region", { name: /Assume role/ });
  await expect(assume.getByLabel("Role to assume (sts:AssumeRole)")).toHaveValue("arn:aws:iam::222222222222:role/efgh");
  await assume.getByRole("button", { name: "Preview assume role" }).click();
  const preview = assume.getByTestId("assume-role-preview");
  await expect(preview).toContainText("AssumeRole would succeed");
  await expect(preview.getByTestId("side-caller")).toContainText("allows");
  await expect(preview.getByTestId("side-trust")).toContainText("efghTrustPolicy");
  await expect(preview).toContainText("at most one hour");
  await expect(preview.locator('[data-cell="s3:GetObject amzn-s3-demo-bucket2"]')).toHaveText("Allowed");

  // An administrator removes the statement naming abcd (efgh now trusts only EC2), from the command line.
  roleplay("iam", "update-assume-role-policy", "--account", "222222222222", "--role-name", "efgh", "--policy-document", JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }] }));
  try {
    await assume.getByRole("button", { name: "Preview assume role" }).click();
    await expect(preview).toContainText("AssumeRole would be refused");
    await expect(preview.getByTestId("side-caller")).toContainText("allows");
    await expect(preview.getByTestId("side-trust")).toContainText("does not allow");
    await expect(preview).toContainText("No session");
  } finally {
    roleplay("iam", "update-assume-role-policy", "--account", "222222222222", "--role-name", "efgh", "--policy-document", original);
  }
});
