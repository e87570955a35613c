import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";
import { e2eUsers } from "./users.mjs";
import { auditAccessibility, formatFindings } from "./support/accessibility";

// A trainee works lab trust-nobody in a workspace of their own, made for the lab: predicts the
// cards and sees the evaluator's reveal, sees the checks fail, fixes the role's trust policy in
// the console, and watches the checks turn green on the lab page (without reloading it) and the
// learned panel appear; then resets the workspace back to the lab's start. The demo workspace,
// which other specs share, is not touched.

const root = process.cwd();
const workspace = "e2e-lab-trust";
const account = "111111111111";
const labPath = `/w/${workspace}/${account}/labs/trust-nobody`;
// Set LAB_SHOTS=/some/dir to keep screenshots of the lab page before and after.
const shots = process.env.LAB_SHOTS;

function roleplay(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "roleplay.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path.join(root, "data", "e2e.db")}` },
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test.beforeAll(() => {
  const created = roleplay("workspace", "create", workspace, "--lab", "trust-nobody");
  if (created.status !== 0 && !/already exists/.test(created.output)) throw new Error(created.output);
  const assigned = roleplay("workspace", "assign", workspace, e2eUsers.trainee.email);
  if (assigned.status !== 0) throw new Error(assigned.output);
});

async function shoot(page: Page, name: string) {
  if (!shots) return;
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

const check = (page: Page, id: string) => page.getByTestId(`check-${id}`);

test("a trainee predicts, reveals, fixes the trust policy in the console and sees every check pass", async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "trainee", `/w/${workspace}/${account}/labs`);

  // The labs list: this workspace's lab first, marked.
  await expect(page.getByRole("heading", { level: 1, name: "Labs" })).toBeVisible();
  await shoot(page, "0-labs-list");
  const first = page.getByRole("list", { name: "Labs" }).getByRole("listitem").first();
  await expect(first.getByRole("link", { name: "A role nobody can use" })).toBeVisible();
  await expect(first).toContainText("this workspace's lab");
  await expect(first).toContainText("6 checks · 2 predict cards · 3 hints");
  await first.getByRole("link", { name: "A role nobody can use" }).click();
  await expect(page).toHaveURL(new RegExp(`${labPath}$`));
  await expect(page.getByRole("heading", { level: 1, name: "A role nobody can use" })).toBeVisible();

  // The checks wait for the predictions: their details would give the answers away.
  await expect(page.getByText("Answer the predict cards above first")).toBeVisible();
  await expect(page.getByTestId("check-count")).toHaveText("2 of 6 checks pass");
  await shoot(page, "1-lab-start");

  // Card 1, answered from the keyboard: the instance gets no credentials at all.
  const predict1 = page.getByRole("group", { name: "Your prediction for card 1" });
  await predict1.getByRole("button", { name: "Deny" }).focus();
  await page.keyboard.press("Enter");
  const verdict1 = page.getByTestId("card-verdict-indexer-reads");
  await expect(verdict1).toContainText("✓ Right");
  await expect(verdict1).toBeFocused();
  await expect(verdict1).toContainText(/the evaluator says Deny \(implicit deny/);
  await expect(page.getByText("AssumeRoleUnauthorizedAccess").first()).toBeVisible();
  // The policies would allow it: the refusal comes before them, and the page says so.
  const card1 = page.getByRole("listitem").filter({ has: verdict1 });
  await expect(card1.getByText("What the policies alone would answer")).toBeVisible();
  await expect(card1.getByRole("heading", { name: "Would allow it, were it read" })).toBeVisible();

  // Card 2, a wrong guess: a session of the role may read — the permissions were never the problem.
  await page.getByRole("group", { name: "Your prediction for card 2" }).getByRole("button", { name: "Deny" }).click();
  const verdict2 = page.getByTestId("card-verdict-role-session-reads");
  await expect(verdict2).toContainText("✗ Not this time");
  await expect(verdict2).toContainText("you said Deny; the evaluator says Allow");
  const card2 = page.getByRole("listitem").filter({ has: verdict2 });
  await expect(card2.getByRole("heading", { name: "Layer by layer" })).toBeVisible();
  await expect(card2.getByText("Identity-based policy", { exact: true })).toBeVisible();
  await expect(card2.getByRole("heading", { name: "Deciding statement" })).toBeVisible();
  await expect(card2.getByText(/statement 2 \(Sid ReadPhotos\) of identity-based policy photos-indexer\/ReadPhotos/).first()).toBeVisible();

  // Predictions are kept by the browser: a reload shows them, and the checks, at once.
  await page.reload();
  await expect(page.getByTestId("card-verdict-indexer-reads")).toContainText("✓ Right");
  await expect(page.getByTestId("card-verdict-role-session-reads")).toContainText("✗ Not this time");
  await expect(page.getByRole("group", { name: "Your prediction for card 1" })).toHaveCount(0);
  await expect(check(page, "ec2-may-assume")).toHaveAttribute("data-pass", "false");
  await expect(check(page, "ec2-may-assume")).toContainText("does not let ec2.amazonaws.com assume it");
  await expect(check(page, "people-not-trusted")).toHaveAttribute("data-pass", "true");
  await expect(page.getByTestId("lab-complete")).toHaveCount(0);

  // Hints, one at a time.
  await page.getByRole("button", { name: "Show a hint (1 of 3)" }).click();
  await expect(page.getByText("Open the instance indexer: does it get credentials?")).toBeVisible();
  await expect(page.getByRole("button", { name: "Show a next hint (2 of 3)" })).toBeVisible();
  await expect(page.getByText("Which service assumes a role for an instance profile?")).toHaveCount(0);

  const findings = await auditAccessibility(page);
  expect(findings, formatFindings(findings)).toEqual([]);
  await shoot(page, "2-lab-predicted-failing");

  // The fix, in the console, in another tab: the check links to the role; its trust policy is edited there.
  const [editor] = await Promise.all([context.waitForEvent("page"), check(page, "ec2-may-assume").getByRole("link", { name: "Open role photos-indexer" }).click({ modifiers: ["Shift"] })]);
  await editor.waitForLoadState();
  await expect(editor).toHaveURL(new RegExp(`/w/${workspace}/${account}/roles/photos-indexer$`));
  await editor.getByRole("link", { name: "Edit trust policy" }).click();
  await editor.getByRole("tab", { name: "JSON" }).click();
  await editor.locator(".cm-content").click();
  await editor.keyboard.press("Control+A");
  await editor.keyboard.insertText(
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }, null, 2),
  );
  await editor.getByRole("button", { name: "Save trust policy" }).click();
  await expect(editor).toHaveURL(new RegExp(`/w/${workspace}/${account}/roles/photos-indexer$`));
  await editor.close();

  // The lab page, never reloaded, re-checks by itself: every check passes, and what was learned shows.
  await page.bringToFront();
  await expect(page.getByTestId("check-count")).toHaveText("6 of 6 checks pass", { timeout: 15_000 });
  for (const id of ["ec2-may-assume", "indexer-gets-credentials", "indexer-reads", "ecs-not-trusted", "people-not-trusted", "indexer-read-only"]) {
    await expect(check(page, id)).toHaveAttribute("data-pass", "true");
  }
  const learned = page.getByTestId("lab-complete");
  await expect(learned).toContainText("All 6 checks pass — lab complete");
  await expect(learned).toContainText("What you learned");
  await expect(learned).toContainText("the instance gets no credentials however right the permissions are");

  // Asked again, card 1 now says Allow: the trainee's fix, seen through the evaluator.
  await page.getByRole("listitem").filter({ has: page.getByTestId("card-verdict-indexer-reads") }).getByRole("button", { name: "Ask again on the workspace as it is now" }).click();
  await expect(page.getByTestId("card-again-indexer-reads")).toContainText("the evaluator now says Allow, where it said Deny when you answered");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "3-lab-complete");

  // Reset: back to the lab's start, the checks follow at once.
  await page.getByRole("button", { name: "Reset my workspace" }).click();
  await expect(page.getByText(`Reset workspace ${workspace} to the starting state of lab trust-nobody?`)).toBeVisible();
  await page.getByRole("button", { name: "Yes, reset it" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Workspace ${workspace} is back to the starting state of lab trust-nobody.` })).toBeVisible();
  await expect(page.getByTestId("check-count")).toHaveText("2 of 6 checks pass");
  await expect(page.getByTestId("lab-complete")).toHaveCount(0);
  // Predictions stay with the browser.
  await expect(page.getByTestId("card-verdict-indexer-reads")).toContainText("✓ Right");
});

test("the demo workspace is everyone's: its lab page offers no reset, to an administrator either, and says why", async ({ page }) => {
  await signIn(page, "admin", `/${account}/labs/trust-nobody`);
  await expect(page.getByRole("heading", { level: 1, name: "A role nobody can use" })).toBeVisible();
  await expect(page.getByText("so a lab page does not reset it: that would reset everyone's copy")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset my workspace" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await signIn(page, "trainee", `/${account}/labs/trust-nobody`);
  await expect(page.getByRole("heading", { level: 1, name: "A role nobody can use" })).toBeVisible();
  await expect(page.getByText("This is the shared demo workspace, not one made for this lab")).toBeVisible();
  await expect(page.getByText("so a lab page does not reset it")).toBeVisible();
  await expect(page.getByRole("button", { name: "Reset my workspace" })).toHaveCount(0);
  await shoot(page, "4-demo-trainee");
  await page.goto(`/${account}/labs/no-such-lab`);
  await expect(page.getByRole("heading", { name: "Nothing by that name in this account" })).toBeVisible();
});
