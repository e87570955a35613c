import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

// The review flow: import a sample export, open the findings, follow one to the graph.

const sample = path.resolve(process.cwd(), "tests", "fixtures", "authorization-details", "cloudsplaining-example.json");

test("an editor imports an export, reads the findings and follows one to the graph", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, "editor", "/111111111111/roles");
  await page.getByRole("link", { name: "PassRole review" }).click();
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  // The demo's Alice story is the first finding.
  await expect(page.getByTestId("finding").first()).toContainText("alice can become");

  await page.getByRole("link", { name: "Import account details…" }).click();
  await page.locator('input[type="file"]').setInputFiles(sample);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("cloudsplaining-example.json", { timeout: 60_000 });
  await expect(summary).toContainText("accounts 200611803367, 012345678901");

  await page.getByRole("link", { name: "Review account 200611803367" }).click();
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  const service = page.getByLabel("Service", { exact: true });
  await expect(service).toHaveValue("ec2.amazonaws.com");
  await service.selectOption("lambda.amazonaws.com");
  await expect(page).toHaveURL(/service=lambda/, { timeout: 30_000 });
  await expect(page.getByTestId("finding").filter({ hasText: "privesc15-PassExistingRoleToNewLambdaThenInvoke-user can become" }).first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await service.selectOption("ec2.amazonaws.com");
  await expect(page).toHaveURL(/service=ec2/, { timeout: 30_000 });
  const finding = page.getByTestId("finding").filter({ hasText: "privesc3-CreateEC2WithExistingInstanceProfile-user can become privesc-high-priv-service-role" });
  await expect(finding).toContainText("critical");
  await expect(finding).toContainText("Fix:");
  await finding.getByRole("button", { name: "Show in graph" }).click();
  await expect(page.getByText("Following privesc3-CreateEC2WithExistingInstanceProfile-user.")).toBeVisible();
  await expect(page.getByRole("group", { name: /escalation paths in red/ })).toBeVisible();

  // Importing the same file again changes nothing.
  await page.goto("/200611803367/review/import");
  await page.locator('input[type="file"]').setInputFiles(sample);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Already up to date" })).toBeVisible({ timeout: 60_000 });
});

test("a viewer reads the review but cannot import", async ({ page }) => {
  await signIn(page, "viewer", "/111111111111/roles");
  await page.goto("/111111111111/review");
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Import account details…" })).toHaveCount(0);
  await page.goto("/111111111111/review/import");
  await expect(page).toHaveURL(/forbidden/);
});
