import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The review flow: import a sample export, open the findings, follow one to the graph; then the
// review of that account in pages (findings, roles), searched, and its graph around a chosen node.

const sample = path.resolve(process.cwd(), "tests", "fixtures", "authorization-details", "cloudsplaining-example.json");

// A review is computed in the background the first time after a change; the page shows its progress.
const computed = { timeout: 90_000 };

/** Imports the sample (or finds it already imported), from the demo account's import page. */
async function importSample(page: Page) {
  await page.goto("/111111111111/review/import");
  await page.locator('input[type="file"]').setInputFiles(sample);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-summary").or(page.getByRole("heading", { name: "Already up to date" })).first()).toBeVisible({ timeout: 60_000 });
}

test("an editor imports an export, reads the findings and follows one to the graph", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "editor", "/111111111111/roles");
  await page.getByRole("link", { name: "PassRole review" }).click();
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  // The demo's Alice story is the first finding.
  await expect(page.getByTestId("finding").first()).toContainText("alice can become", computed);

  await page.getByRole("link", { name: "Import account details…" }).click();
  await page.locator('input[type="file"]').setInputFiles(sample);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("cloudsplaining-example.json", { timeout: 60_000 });
  await expect(summary).toContainText("accounts 200611803367, 012345678901");

  await page.getByRole("link", { name: "Review account 200611803367" }).click();
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  const service = page.getByLabel("Service", { exact: true });
  await expect(service).toBeEnabled(computed);
  await expect(service).toHaveValue("ec2.amazonaws.com");
  await service.selectOption("lambda.amazonaws.com");
  await expect(page).toHaveURL(/service=lambda/, { timeout: 30_000 });
  // Findings come a page at a time: the one sought is searched for.
  await page.getByLabel("Search findings").fill("privesc15-PassExistingRoleToNewLambdaThenInvoke-user can become");
  await expect(page.getByTestId("finding").filter({ hasText: "privesc15-PassExistingRoleToNewLambdaThenInvoke-user can become" }).first()).toBeVisible(computed);
  await service.selectOption("ec2.amazonaws.com");
  await expect(page).toHaveURL(/service=ec2/, { timeout: 30_000 });
  await page.getByLabel("Search findings").fill("privesc3-CreateEC2WithExistingInstanceProfile-user can become");
  const finding = page.getByTestId("finding").filter({ hasText: "privesc3-CreateEC2WithExistingInstanceProfile-user can become privesc-high-priv-service-role" });
  await expect(finding).toContainText("critical", computed);
  await expect(finding).toContainText("Fix:");
  await finding.getByRole("button", { name: "Show in graph" }).click();
  await expect(page.getByText("Following privesc3-CreateEC2WithExistingInstanceProfile-user.")).toBeVisible();
  await expect(page.getByRole("group", { name: /escalation paths in red/ })).toBeVisible();
  await expect(page).toHaveURL(/focus=arn%3Aaws%3Aiam%3A%3A200611803367%3Auser%2Fprivesc3-CreateEC2WithExistingInstanceProfile-user/);

  // Importing the same file again changes nothing.
  await page.goto("/200611803367/review/import");
  await page.locator('input[type="file"]').setInputFiles(sample);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Already up to date" })).toBeVisible({ timeout: 60_000 });
});

test("the review comes in pages kept in the URL, and the graph shows the neighbourhood of the node picked", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "editor", "/111111111111/roles");
  await importSample(page);
  await page.goto("/200611803367/review?service=all");
  const count = page.getByTestId("findings-count");
  await expect(count).toHaveText(/^1–10 of [\d,]+ findings/, computed);
  await expect(page.getByTestId("finding")).toHaveCount(10);

  // The next page of findings, kept in the URL across a reload.
  const findingsPages = page.getByRole("navigation", { name: "Pages of findings" });
  await findingsPages.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(count).toHaveText(/^11–20 of /);
  await page.reload();
  await expect(count).toHaveText(/^11–20 of /, computed);

  // A search starts again at its first page and keeps to what it matches.
  await page.getByLabel("Search findings").fill("privesc3");
  await expect(page).toHaveURL(/q=privesc3/);
  await expect(page).not.toHaveURL(/[?&]page=2/);
  await expect(page.getByTestId("finding").first()).toContainText("privesc3");
  for (const text of await page.getByTestId("finding").allTextContents()) expect(text).toContain("privesc3");

  // The roles table is paged on its own.
  const roles = page.getByRole("region", { name: "Who can pass each role" });
  await expect(roles.getByRole("status")).toHaveText(/^1–10 of \d+ roles/);
  await page.getByRole("navigation", { name: "Pages of roles" }).getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/rpage=2/);
  await expect(roles.getByRole("status")).toHaveText(/^11–20 of \d+ roles/);

  // The graph: a node picked by name, drawn with its neighbourhood only.
  const graphSection = page.getByRole("region", { name: "Paths to workloads" });
  const picker = graphSection.getByRole("combobox", { name: "Show the graph around" });
  await picker.fill("privesc-high-priv-service");
  await page.getByRole("option", { name: /privesc-high-priv-service-role/ }).first().click();
  await expect(page).toHaveURL(/focus=arn%3Aaws%3Aiam%3A%3A200611803367%3Arole%2Fprivesc-high-priv-service-role/);
  await expect(page.getByText("Following privesc-high-priv-service-role.")).toBeVisible();
  const graph = page.getByRole("group", { name: /around privesc-high-priv-service-role; escalation paths in red/ });
  await expect(graph).toBeVisible();
  const status = await graphSection.getByRole("status").textContent();
  const [shown, all] = (status ?? "").match(/[\d,]+/g)!.map((n) => Number(n.replace(/,/g, "")));
  expect(shown).toBeLessThan(all);
  await page.getByLabel("Reach").selectOption("1");
  await expect(page).toHaveURL(/hops=1/);
  await expect(graph.or(page.getByRole("group", { name: /around privesc-high-priv-service-role/ }))).toBeVisible();

  // The whole page stays of a readable height (it once drew every grant: 66,000 px on this sample).
  await page.getByLabel("Search findings").fill("");
  await expect(page).not.toHaveURL(/q=privesc3/);
  await expect(page.getByTestId("finding")).toHaveCount(10);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  test.info().annotations.push({ type: "page height", description: `${height} px` });
  expect(height).toBeLessThan(15_000);
});

test("a viewer reads the review but cannot import", async ({ page }) => {
  await signIn(page, "viewer", "/111111111111/roles");
  await page.goto("/111111111111/review");
  await expect(page.getByRole("heading", { name: "PassRole review" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Import account details…" })).toHaveCount(0);
  await page.goto("/111111111111/review/import");
  await expect(page).toHaveURL(/forbidden/);
});

test("at 1280×720 the launch graph's four columns fit the frame, Per page sits by its select, and rows count the actions allowed on some resource", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, "viewer", `/111111111111/review?focus=${encodeURIComponent("arn:aws:iam::111111111111:role/Get-pics")}`);
  // Get-pics' neighbourhood reaches an instance: principals, roles, instance profiles and instances.
  const graph = page.getByRole("group", { name: /^Graph of .* around Get-pics;/ });
  await expect(graph.getByText("Instances", { exact: true })).toBeVisible(computed);
  await page.waitForTimeout(500);
  const outside = await graph.evaluate((frame) => {
    const f = frame.getBoundingClientRect();
    return [...frame.querySelectorAll<HTMLElement>(".react-flow__node")]
      .filter((node) => {
        const r = node.getBoundingClientRect();
        return r.left < f.left - 1 || r.right > f.right + 1;
      })
      .map((node) => node.textContent);
  });
  expect(outside).toEqual([]);

  // The label never ends a line whose next one starts with its select.
  const label = await page.getByText("Per page", { exact: true }).boundingBox();
  const select = await page.getByLabel("Per page").boundingBox();
  expect(Math.abs(label!.y + label!.height / 2 - (select!.y + select!.height / 2))).toBeLessThan(select!.height / 2);
  expect(select!.x - (label!.x + label!.width)).toBeLessThan(24);

  // Get-pics reads one bucket: ListBucket on it and GetObject on its objects, none on `*`.
  const roles = page.getByRole("region", { name: "Who can pass each role" });
  const getPics = roles.locator("tbody tr").filter({ has: page.getByRole("link", { name: "Get-pics", exact: true }) });
  await expect(getPics).toContainText("2 actions allowed on some resource", computed);
  await expect(getPics.getByTitle(/allow on some resource/)).toBeVisible();
});

test("a user's page shows its part of the review of every service: its findings and the roles it may pass", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", "/111111111111/users/alice");
  const findings = page.getByRole("region", { name: "PassRole and escalation findings" });
  // The review of every service is computed once (the page waits briefly, then shows its progress and fills in).
  await expect(findings.getByRole("list", { name: "Findings" })).toContainText("alice can become ops-admin through EC2", computed);
  await expect(findings).toContainText("May pass:");
  await expect(findings.getByRole("link", { name: "ops-admin" })).toHaveAttribute("href", /\/roles\/ops-admin#who-can$/);
  await expect(page.getByTestId("principal-review-pending")).toHaveCount(0);
  // A user who may pass only the role made for it, which gains nothing.
  await page.goto("/111111111111/users/bob");
  await expect(page.getByRole("region", { name: "PassRole and escalation findings" })).toContainText("May pass: Get-pics", computed);
});

test("a service no role of the account trusts is refused in words, and not asked about again and again", async ({ page }) => {
  await signIn(page, "viewer", "/111111111111/roles");
  let asked = 0;
  page.on("request", (request) => {
    if (request.url().includes("/review?service=lambda.amazonaws.com")) asked++;
  });
  await page.goto("/111111111111/review?service=lambda.amazonaws.com");
  await expect(page.getByText("No role of account 111111111111 trusts lambda.amazonaws.com")).toBeVisible({ timeout: 30_000 });
  const after = asked;
  await page.waitForTimeout(3_000);
  expect(asked - after).toBeLessThanOrEqual(1);
});
