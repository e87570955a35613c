import { expect, test, type Locator } from "@playwright/test";
import { signIn } from "./sign-in";

// The escalation page on the demo workspace: who can reach admin (alice → ops-admin → admin), the
// path hop by hop with its evidence, what a role can become across accounts, node details with the
// entity's page, and the review's escalation-path finding that leads here.

const shots = process.env.ESCALATION_SCREENSHOTS;

test("a viewer follows alice's path to admin hop by hop, with each hop's evidence one click away", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", "/111111111111/roles");
  await page.getByRole("link", { name: "Escalation paths" }).click();
  await expect(page.getByRole("heading", { name: "Escalation paths" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("link", { name: "Who can reach admin" })).toHaveAttribute("aria-current", "page");

  const alice = page.getByTestId("escalation-path").filter({ hasText: "alice → ops-admin → admin" });
  await expect(alice).toContainText("2 hops");
  await alice.click();

  const hop = page.getByTestId("hop-panel");
  await expect(hop.getByRole("heading", { level: 2 })).toHaveText("Hop 1: alice → ops-admin");
  await expect(hop).toContainText("iam:PassRole+ec2:RunInstances");
  await expect(hop).toContainText("instance-profile/ops-admin");
  const evidence = hop.getByRole("link", { name: /statement 1 \(Sid IamPassRole\) of identity-based policy ConsoleLaunchWithAnyRole/ });
  await expect(evidence).toBeVisible();
  const graph = page.getByRole("group", { name: /^Escalation path of 2 hops from alice/ });
  await expect(page.getByRole("group", { name: /hop 1 highlighted/ })).toBeVisible();
  // Full names in the boxes, the ARN on hover.
  await expect(graph.getByTitle("arn:aws:iam::111111111111:user/alice")).toContainText("alice");
  if (shots) await page.screenshot({ path: `${shots}/escalation-hop-1.png`, fullPage: true });

  await page.getByRole("button", { name: "Next hop →" }).click();
  await expect(hop.getByRole("heading", { level: 2 })).toHaveText("Hop 2: ops-admin → admin (any permission it grants itself)");
  await expect(hop).toContainText("iam:AttachRolePolicy");
  await expect(page.getByRole("group", { name: /hop 2 highlighted/ })).toBeVisible();

  // A box's details: the full ARN, the entity's page, and the two other questions about it.
  await graph.getByTitle("arn:aws:iam::111111111111:role/ops-admin").click();
  const node = page.getByTestId("node-panel");
  await expect(node).toContainText("arn:aws:iam::111111111111:role/ops-admin");
  await expect(node.getByRole("link", { name: "Open the role's page" })).toHaveAttribute("href", "/w/demo/111111111111/roles/ops-admin");
  // Its neighbourhood joins the graph: ops-admin (iam:*) may rewrite abcd's trust.
  await expect(graph.getByTitle("arn:aws:iam::111111111111:role/abcd")).toContainText("by iam:UpdateAssumeRolePolicy+sts:AssumeRole");
  if (shots) await page.screenshot({ path: `${shots}/escalation-node.png`, fullPage: true });

  // The evidence link opens the statement's policy.
  await page.getByRole("button", { name: "← Previous hop" }).click();
  await page.getByTestId("hop-panel").getByRole("link", { name: /ConsoleLaunchWithAnyRole/ }).click();
  await expect(page).toHaveURL(/\/111111111111\/(policies|users)\//);
});

test("what a role can become crosses accounts; who can become a role lists its callers", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", "/111111111111/escalation?view=from");
  await expect(page.getByText("Pick a principal")).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("What can this principal become?").fill("abcd");
  await page.getByRole("option").filter({ hasText: "abcd" }).getByRole("button").click();
  await expect(page).toHaveURL(/view=from&principal=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fabcd/);
  await expect(page.getByText("abcd can become 1 principal.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("escalation-path")).toHaveText(/abcd → efgh/);
  const hop = page.getByTestId("hop-panel");
  await expect(hop).toContainText("sts:AssumeRole");
  await expect(hop.getByRole("link", { name: /trust policy of efgh/ })).toHaveAttribute("href", "/w/demo/222222222222/roles/efgh/trust");
  if (shots) await page.screenshot({ path: `${shots}/escalation-from.png`, fullPage: true });

  // alice passes abcd to EC2; ops-admin (iam:*) rewrites its trust.
  await page.getByRole("link", { name: "Who can become Y" }).click();
  await expect(page).toHaveURL(/view=to&principal=/);
  await expect(page.getByText("2 principals can become abcd.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("escalation-path")).toHaveText([/ops-admin → abcd/, /alice → abcd/]);
});

test("the review lists the escalation path as a finding with its hops, leading to the graph", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", "/111111111111/review");
  const finding = page.getByTestId("finding").filter({ hasText: "alice can become an administrator in 2 hops" });
  await expect(finding).toContainText("Escalation path", { timeout: 30_000 });
  await expect(finding.getByRole("list", { name: "Hops" })).toContainText("iam:PassRole+ec2:RunInstances");
  await expect(finding).toContainText("Fix:");
  await finding.getByRole("link", { name: "Follow the path in the escalation graph" }).click();
  await expect(page).toHaveURL(/\/111111111111\/escalation\?view=from&principal=/);
  await expect(page.getByTestId("escalation-path").filter({ hasText: "alice → ops-admin → admin" })).toBeVisible({ timeout: 30_000 });
});

/** What of a graph's boxes is not inside its frame, and which action names break across lines or leave their box. */
async function graphProblems(graph: Locator): Promise<string[]> {
  return graph.evaluate((frame) => {
    const out: string[] = [];
    const f = frame.getBoundingClientRect();
    const inside = (r: DOMRect, box: DOMRect) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    for (const node of frame.querySelectorAll<HTMLElement>(".react-flow__node")) {
      const box = node.getBoundingClientRect();
      if (!inside(box, f)) out.push(`box "${node.textContent}" is not inside the frame`);
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (const match of text.textContent!.matchAll(/[a-z0-9-]+:[A-Za-z0-9*]+/g)) {
          const range = document.createRange();
          range.setStart(text, match.index);
          range.setEnd(text, match.index + match[0].length);
          const rects = [...range.getClientRects()];
          if (rects.length > 1) out.push(`${match[0]} breaks across lines in "${node.textContent}"`);
          if (rects.some((r) => !inside(r, box))) out.push(`${match[0]} spills out of "${node.textContent}"`);
        }
      }
    }
    return out;
  });
}

test("the graph fits its frame at the first view (1280×720, 1440×900), each action whole in its box; the counts beside the headline agree", async ({ page }) => {
  test.setTimeout(120_000);
  for (const [i, viewport] of [{ width: 1280, height: 720 }, { width: 1440, height: 900 }].entries()) {
    await page.setViewportSize(viewport);
    if (i === 0) await signIn(page, "viewer", "/111111111111/escalation");
    else await page.goto("/111111111111/escalation");
    const graph = page.getByRole("group", { name: /^Escalation path of 1 hop from ops-admin/ });
    // ops-admin's neighbours join the graph (it may rewrite abcd's trust), which is fitted afresh.
    await expect(graph.getByTitle("arn:aws:iam::111111111111:role/abcd")).toContainText("by iam:UpdateAssumeRolePolicy+sts:AssumeRole", { timeout: 30_000 });
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(500);
    expect(await graphProblems(graph), `${viewport.width}×${viewport.height}`).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/escalation-fit-${viewport.width}.png` });
  }
  // Two principals can become an administrator; none is one yet — said so, not "0 administrators".
  await expect(page.getByText("2 principals of this account can become an administrator")).toBeVisible();
  await expect(page.getByText(/^Graph of the workspace: /)).toContainText("none of them holds every permission yet");
  await expect(page.getByText(/0 administrators/)).toHaveCount(0);
});
