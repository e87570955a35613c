import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The simulator and who-can, with answers checked by hand against the demo's policies
// (lib/seed/demo-policies.ts): alice has s3:* on *, the photos bucket denies other accounts,
// Get-pics reads the photos, ops-admin trusts only EC2, and alice may pass any role to EC2.

const A = "111111111111";
const photo = "arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg";
const partnerObject = "arn:aws:s3:::amzn-s3-demo-bucket2/report.csv";

async function addAction(page: Page, action: string) {
  await page.getByLabel("Search the catalog").fill(action);
  await page.getByRole("button", { name: `Add ${action}`, exact: true }).click();
}

/** A full-page screenshot kept in the test's output folder, to look at after a run. */
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

const rows = (page: Page) => page.getByRole("table", { name: /^Simulation results/ }).locator("tbody tr");

test("an admin simulates alice on three actions and two resources with a changed source address", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin", `/${A}/roles`);
  await page.getByRole("link", { name: "Policy simulator" }).click();
  await expect(page.getByRole("heading", { name: "Policy simulator" })).toBeVisible({ timeout: 30_000 });

  await page.getByLabel("Find a user, role, group member, instance or task").fill("alice");
  await page.getByRole("list", { name: "Callers" }).getByRole("button", { name: /^user alice/ }).click();
  await expect(page.getByTestId("chosen-caller")).toContainText(`user arn:aws:iam::${A}:user/alice`);

  for (const action of ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]) await addAction(page, action);
  await expect(page.getByRole("list", { name: "Chosen actions" })).toContainText("s3:ListBucket");

  for (const resource of [photo, partnerObject]) {
    await page.getByLabel("Resource ARN (or *)").fill(resource);
    await page.getByRole("button", { name: "Add resource" }).click();
  }

  // The keys AWS sets for alice are there, pre-filled; the source address is changed.
  const sourceIp = page.getByLabel("Value of aws:SourceIp");
  await expect(sourceIp).toHaveValue("203.0.113.10");
  await expect(page.getByLabel("Value of aws:username")).toHaveValue("alice");
  await expect(page.getByLabel("Value of aws:PrincipalTag/team")).toHaveValue("photos");
  await sourceIp.fill("198.51.100.7");

  await page.getByRole("button", { name: "Simulate 6 requests" }).click();
  await expect(page).toHaveURL(/set=aws%3ASourceIp%3D198\.51\.100\.7/);
  await expect(rows(page)).toHaveCount(6, { timeout: 30_000 });
  const expected = [
    ["s3:GetObject", photo, "Allowed"],
    ["s3:GetObject", partnerObject, "Implicit deny"],
    ["s3:PutObject", photo, "Allowed"],
    ["s3:PutObject", partnerObject, "Implicit deny"],
    ["s3:ListBucket", photo, "Allowed"],
    ["s3:ListBucket", partnerObject, "Implicit deny"],
  ];
  for (const [i, [action, resource, decision]] of expected.entries()) {
    const row = rows(page).nth(i);
    await expect(row).toContainText(action);
    await expect(row).toContainText(resource);
    await expect(row).toContainText(decision);
  }
  await expect(rows(page).first()).toContainText("statement 2 (Sid UseS3) of identity-based policy alice/LaunchInstancesAndUseS3");
  await expect(page.getByTestId("simulation-summary")).toContainText("6 requests as user alice: 3 allowed, 3 denied");

  // The drawer explains a refusal, with the changed address in the request context.
  await page.getByRole("button", { name: `Explain s3:GetObject on ${partnerObject}` }).click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toContainText("cross-account access needs the resource-based policy to allow the caller too");
  await drawer.getByText(/The request context/).click();
  await expect(drawer).toContainText('"aws:SourceIp": "198.51.100.7"');
  await drawer.getByRole("button", { name: "Close" }).click();

  await page.getByRole("radio", { name: "Only denies" }).click();
  await expect(rows(page)).toHaveCount(3);
  await screenshot(page, "simulator");

  // The URL reproduces the simulation.
  await page.reload();
  await expect(rows(page)).toHaveCount(6, { timeout: 30_000 });
  await expect(page.getByLabel("Value of aws:SourceIp")).toHaveValue("198.51.100.7");
});

test("who can read a photo, pass ops-admin to EC2 and assume ops-admin: the hand-checked answers", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "admin", `/${A}/buckets/amzn-s3-demo-bucket-photos`);
  const bucketPanel = page.locator("section", { has: page.getByRole("heading", { name: "Who can use this bucket?" }) });
  await bucketPanel.getByLabel("on", { exact: true }).fill(photo);
  await bucketPanel.getByRole("button", { name: "Ask who can" }).click();
  const allowed = bucketPanel.getByRole("table", { name: "Allowed principals" });
  // The demo is shared by the specs: designer.spec.ts copies Get-pics as Get-pics-2 (reading the bucket too).
  const seeded = allowed.locator("tbody tr").filter({ hasNotText: "role/Get-pics-2" });
  await expect(seeded).toHaveCount(2, { timeout: 30_000 });
  await expect(seeded.nth(0)).toContainText(`arn:aws:iam::${A}:role/Get-pics`);
  await expect(seeded.nth(0)).toContainText("statement 2 (Sid ReadPhotos) of identity-based policy ReadPhotosBucket");
  await expect(seeded.nth(1)).toContainText(`arn:aws:iam::${A}:user/alice`);
  await expect(bucketPanel.getByRole("table", { name: "Explicitly denied principals" })).toContainText("arn:aws:iam::222222222222:role/efgh");
  await expect(bucketPanel.getByRole("table", { name: "Explicitly denied principals" })).toContainText("Sid DenyOutsideTheAccount");

  await page.goto(`/${A}/roles/ops-admin`);
  const rolePanel = page.locator("section", { has: page.getByRole("heading", { name: "Who can use this role?" }) });
  // Asked at once: sts:AssumeRole, which the trust policy (EC2 only) gates.
  await expect(rolePanel.getByTestId("who-can-answer")).toContainText("No user or role of the workspace may.", { timeout: 30_000 });
  await expect(rolePanel.getByTestId("who-can-answer")).toContainText("with the Trust policy of role ops-admin");
  await rolePanel.getByRole("button", { name: "Who can pass it to EC2" }).click();
  const passers = rolePanel.getByRole("table", { name: "Allowed principals" }).locator("tbody tr");
  await expect(passers).toHaveCount(2, { timeout: 30_000 });
  await expect(passers.nth(0)).toContainText(`arn:aws:iam::${A}:role/ops-admin`);
  await expect(passers.nth(1)).toContainText(`arn:aws:iam::${A}:user/alice`);
  await expect(passers.nth(1)).toContainText("statement 1 (Sid IamPassRole) of identity-based policy ConsoleLaunchWithAnyRole");

  // The who-can page answers from its URL.
  await rolePanel.getByRole("link", { name: "Open on the who-can page" }).click();
  await expect(page.getByRole("heading", { name: "Who can…?" })).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(/ctx=iam%3APassedToService%3Dec2\.amazonaws\.com/);
  await expect(page.getByRole("table", { name: "Allowed principals" }).locator("tbody tr")).toHaveCount(2);
  await screenshot(page, "who-can");
});
