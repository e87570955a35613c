import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// What a new user stumbled on, each checked in the browser: the who-can question kept in the URL
// with examples from the demo's stories and the services a trust policy admits; the simulator's
// PassRole hint and its warning on an action paired with a resource it does not act on; the trust
// editor's STS actions; the review's figures agreeing with its lists; graph text readable at the
// first view; the launch form's metadata options labelled.

const A = "111111111111";
const opsAdmin = `arn:aws:iam::${A}:role/ops-admin`;
const alice = `arn:aws:iam::${A}:user/alice`;

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** The smallest text of a graph as drawn: each text's font size times the flow's zoom. */
async function smallestGraphText(page: Page, graph: string): Promise<{ px: number; texts: number }> {
  return page.locator(graph).evaluate((frame) => {
    const viewport = frame.querySelector<HTMLElement>(".react-flow__viewport")!;
    const scale = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    const texts = [...frame.querySelectorAll<HTMLElement | SVGElement>(".react-flow__node *, .react-flow__edge-text")].filter((e) => [...e.childNodes].some((c) => c.nodeType === Node.TEXT_NODE && c.textContent!.trim()));
    return { px: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize) * scale)), texts: texts.length };
  });
}

test("who can: the demo's stories as examples, the question in the URL through reloads and Back, and the services a trust policy admits", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", `/${A}/who-can`);
  await expect(page.getByRole("heading", { name: "Who can…?" })).toBeVisible({ timeout: 30_000 });
  for (const label of ["Who can read amzn-s3-demo-bucket-photos/cat.jpg", "Who can pass ops-admin to EC2", "Who can assume efgh (account 222222222222)"]) {
    await expect(page.getByRole("link", { name: label })).toHaveAttribute("href", /^\/w\/demo\/111111111111\/who-can\?action=/);
  }

  // Examples are links: the question is in the URL from the first click, even before the page is interactive.
  await page.getByRole("link", { name: "Who can pass ops-admin to EC2" }).click();
  await expect(page).toHaveURL(/action=iam%3APassRole.*ctx=iam%3APassedToService%3Dec2\.amazonaws\.com/);
  const allowed = page.getByRole("table", { name: "Allowed principals" }).locator("tbody tr");
  await expect(allowed).toHaveCount(2, { timeout: 30_000 });
  await expect(allowed.nth(1)).toContainText(alice);

  await page.getByRole("link", { name: "Who can assume efgh (account 222222222222)" }).click();
  await expect(page).toHaveURL(/action=sts%3AAssumeRole&resource=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fefgh/);
  await expect(allowed).toHaveCount(1, { timeout: 30_000 });
  await expect(allowed.first()).toContainText(`arn:aws:iam::${A}:role/abcd`);

  // A reload asks the URL's question again; Back goes to the one before, form and answer.
  await page.reload();
  await expect(page.getByLabel("on", { exact: true })).toHaveValue("arn:aws:iam::222222222222:role/efgh");
  await expect(allowed).toHaveCount(1, { timeout: 30_000 });
  await page.goBack();
  await expect(page.getByLabel("Who can do")).toHaveValue("iam:PassRole", { timeout: 30_000 });
  await expect(page.getByLabel(/With these request keys/)).toHaveValue("iam:PassedToService=ec2.amazonaws.com");
  await expect(allowed).toHaveCount(2, { timeout: 30_000 });

  // Nobody in the workspace may assume ops-admin, but EC2 may: shown apart, as a service principal.
  await page.getByLabel("Who can do").fill("sts:AssumeRole");
  await page.getByLabel(/With these request keys/).fill("");
  await page.getByRole("button", { name: "Ask who can" }).click();
  await expect(page.getByTestId("who-can-answer")).toContainText("No user or role of the workspace may.", { timeout: 30_000 });
  const services = page.getByTestId("who-can-services");
  await expect(services.getByRole("heading")).toHaveText("AWS services, through the role's trust policy (1)");
  await expect(services.getByRole("table", { name: "Allowed service principals" })).toContainText("ec2.amazonaws.com");
  await expect(page).toHaveURL(/\?action=sts%3AAssumeRole&resource=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fops-admin$/);
  await screenshot(page, "who-can-services");
});

test("simulator: iam:PassRole asks for iam:PassedToService, and a pair whose action does not act on the resource is named", async ({ page }) => {
  test.setTimeout(120_000);
  const caller = `user:${alice}`;
  await signIn(page, "viewer", `/${A}/simulator?${new URLSearchParams([["caller", caller], ["a", "s3:GetObject"], ["r", opsAdmin]])}`);
  const warning = page.getByTestId("resource-fit-warning");
  await expect(warning).toContainText("The action does not act on this resource.", { timeout: 30_000 });
  await expect(warning).toContainText("s3:GetObject does not act on a role of IAM");
  await expect(page.getByRole("button", { name: /^Simulate/ })).toBeDisabled();

  await page.goto(`/${A}/simulator?${new URLSearchParams([["caller", caller], ["a", "s3:GetObject"], ["a", "iam:PassRole"], ["r", opsAdmin]])}`);
  await expect(warning).toContainText("1 of the 2 action and resource pairs do not fit", { timeout: 30_000 });
  const hint = page.getByTestId("pass-role-hint");
  await expect(hint).toContainText("Not set here");
  const rows = page.getByRole("table", { name: /^Simulation results/ }).locator("tbody tr");
  await expect(rows.filter({ hasText: "iam:PassRole" })).toHaveAttribute("data-decision", "ImplicitDeny", { timeout: 30_000 });
  await expect(rows.filter({ hasText: "s3:GetObject" })).toContainText("does not act on this kind of resource");

  await hint.getByRole("button", { name: /^EC2/ }).click();
  await expect(hint).toContainText("This simulation sends iam:PassedToService = ec2.amazonaws.com");
  await page.getByRole("button", { name: "Simulate 2 requests" }).click();
  await expect(page).toHaveURL(/set=iam%3APassedToService%3Dec2\.amazonaws\.com/);
  await expect(rows.filter({ hasText: "iam:PassRole" })).toHaveAttribute("data-decision", "Allow", { timeout: 30_000 });
  await screenshot(page, "simulator-pass-role");
});

test("the trust policy editor offers only the actions a trust policy may name", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "editor", `/${A}/roles/ops-admin/trust`);
  await expect(page.getByText("a trust policy names AWS STS only")).toBeVisible({ timeout: 30_000 });
  // Every action the builder offers (the demo's trust policy has one statement), by access level.
  const names = page.locator("main li label span.font-mono");
  await expect(names).toHaveText(["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "SetContext", "SetSourceIdentity", "TagSession"], { timeout: 30_000 });
  await expect(page.getByText("All sts actions")).toHaveCount(0);
  await expect(page.getByLabel("Add an action or wildcard pattern")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Service" })).toHaveCount(0);
  await screenshot(page, "trust-actions");
});

test("the review's figures agree with its lists, and its rows count in words", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", `/${A}/review`);
  const tile = (label: string) => page.locator('dl[aria-label="Summary"] > div').filter({ has: page.getByText(label, { exact: true }) });
  await expect(tile("Escalations")).toContainText("2 by passing a role · 2 along paths of steps", { timeout: 60_000 });
  await expect(tile("Escalations").locator("dd").first()).toHaveText("4");
  await expect(page.getByRole("combobox", { name: "Kind" })).toContainText("Escalation (2)");
  await expect(page.getByRole("combobox", { name: "Kind" })).toContainText("Escalation path (2)");
  await expect(tile("Services reviewed").locator("dd").first()).toHaveText("1 of 2");
  await expect(tile("Services reviewed")).toContainText("ec2");
  const principals = page.getByRole("region", { name: "What each principal can pass" });
  // The demo is shared: designer.spec.ts adds Get-pics-2, one more role among those left out.
  await expect(principals).toContainText(/and \d+ more roles, none with an escalation path/, { timeout: 30_000 });
  await expect(principals).toContainText("groups developers · 2 actions allowed on some resource");
  await screenshot(page, "review-figures");
});

test("graph text is readable at the first view: the escalation path and the review's launch graph", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", `/${A}/escalation`);
  await page.getByTestId("escalation-path").filter({ hasText: "alice → ops-admin → admin" }).click();
  const path = '[role="group"][aria-label^="Escalation path of 2 hops from alice"]';
  await expect(page.locator(path).getByTitle(alice)).toBeVisible({ timeout: 30_000 });
  // The neighbourhood arrives after the path and the graph is fitted again: measure after it.
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  const escalation = await smallestGraphText(page, path);
  expect(escalation.texts).toBeGreaterThan(5);
  expect(escalation.px).toBeGreaterThanOrEqual(11);
  await screenshot(page, "escalation-graph");

  await page.goto(`/${A}/review`);
  const launch = '[role="group"][aria-label^="Graph of"]';
  await expect(page.locator(launch)).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(500);
  const review = await smallestGraphText(page, launch);
  expect(review.texts).toBeGreaterThan(5);
  expect(review.px).toBeGreaterThanOrEqual(11);
});

test("the launch form labels each metadata option and says why HttpTokens is required", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "editor", `/${A}/instances`);
  const form = page.getByRole("form", { name: "Launch an instance" });
  const tokens = form.getByLabel("Session tokens (HttpTokens)");
  await expect(tokens).toHaveValue("required", { timeout: 30_000 });
  await expect(tokens).toHaveAccessibleDescription(/IMDSv2.*SSRF/);
  await expect(form.getByLabel("Metadata endpoint (HttpEndpoint)")).toHaveValue("enabled");
  await expect(form.getByLabel("Response hop limit (HttpPutResponseHopLimit)")).toHaveValue("2");
  await expect(form.getByRole("group", { name: /Instance metadata options/ })).toBeVisible();
});
