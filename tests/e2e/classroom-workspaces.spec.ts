import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";
import { auditAccessibility, formatFindings } from "./support/accessibility";
import { cutSelects } from "./support/layout";
import { e2eClassTrainees } from "./users.mjs";

// A trainer runs a class from the console: a workspace per trainee made from a lab, the trainer's
// table of their checks, and trainees who each reach their own workspace and nothing else.
// Screenshots land in /tmp/classroom-shots/ to be looked at.

const shots = "/tmp/classroom-shots";
mkdirSync(shots, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });

/** No finding axe rates serious or critical on the page as it is now. */
async function expectAccessible(page: Page, what: string) {
  const findings = await auditAccessibility(page);
  expect(findings, `${what}\n${formatFindings(findings)}`).toEqual([]);
}

const className = "iam-101";
const lab = { id: "trust-nobody", title: "A role nobody can use" };
const workspaces = ["iam-101-ana", "iam-101-bo.li", "iam-101-cy"];

async function signInAs(page: Page, email: string, password: string) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

test.describe.configure({ mode: "serial" });

test("a trainer makes a class of three from a lab and follows it in the trainer's table", async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "trainer");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "People" })).toHaveCount(0);
  await shot(page, "1-workspaces");

  const form = page.locator("section", { has: page.getByRole("heading", { name: "Create a class" }) });
  await form.getByLabel("Class name").fill(className);
  await form.getByLabel("Lab").selectOption({ label: lab.title });
  for (const trainee of e2eClassTrainees) await form.getByRole("checkbox", { name: new RegExp(trainee.email.replace(/\./g, "\\.")) }).check();
  await expect(form.getByText(`Makes ${workspaces.join(", ")}.`)).toBeVisible();
  await form.getByRole("button", { name: "Create class of 3" }).click();
  await expect(form.getByRole("status")).toContainText(`Class ${className} is ready: 3 workspaces`, { timeout: 60_000 });
  for (const name of workspaces) await expect(form.getByRole("row", { name: new RegExp(name.replace(/\./g, "\\.")) })).toContainText("Created and assigned");
  await shot(page, "2-class-created");
  await expectAccessible(page, "the Workspaces page after a class");

  // The directory lists them, each with its trainee and the lab.
  const table = page.locator("section", { has: page.getByRole("heading", { name: /^Workspaces \(/ }) });
  for (const [i, name] of workspaces.entries()) {
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: `Open workspace ${name}`, exact: true }) });
    await expect(row).toContainText(e2eClassTrainees[i].email);
    await expect(row).toContainText(lab.title);
    await expect(row).toContainText("Not changed since it was made");
  }

  // A reset is the trainer's change: the workspace's last change says who.
  const cy = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Open workspace iam-101-cy", exact: true }) });
  await cy.getByRole("button", { name: "Reset iam-101-cy" }).click();
  await cy.getByRole("button", { name: "Reset iam-101-cy now" }).click();
  await expect(page.locator("main").getByRole("status").first()).toContainText("iam-101-cy is back to the state it was made from");
  await expect(cy).toContainText("trainer@e2e.test · RestoreWorkspace");

  await form.getByRole("link", { name: `Follow class ${className} in the trainer's view →` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trainer's view" })).toBeVisible();
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(3);
  for (const [i, name] of workspaces.entries()) {
    const row = rows.nth(i);
    await expect(row.getByRole("rowheader")).toContainText(name);
    await expect(row).toContainText(e2eClassTrainees[i].email);
    // A fresh start of the lab fails at least one check.
    expect(await row.getByRole("button", { name: /^✗?\s*fail/ }).count(), name).toBeGreaterThan(0);
    await expect(row.getByRole("link", { name: `View ${name}` })).toHaveAttribute("href", new RegExp(`^/w/${name.replace(/\./g, "\\.")}/\\d{12}$`));
  }
  await expect(rows.nth(2)).toContainText("trainer@e2e.test · RestoreWorkspace");
  await expect(rows.nth(0)).toContainText("Not changed since it was made");
  // Every check is a column, titled; its detail shows on keyboard focus.
  await expect(page.getByRole("columnheader", { name: /EC2 may assume photos-indexer/ })).toBeVisible();
  const firstFail = rows.first().getByRole("button", { name: /fail/ }).first();
  await firstFail.focus();
  const tip = page.locator(`[role="tooltip"][id="${await firstFail.getAttribute("aria-describedby")}"]`);
  await expect(tip).toBeVisible();
  expect((await tip.textContent())!.length).toBeGreaterThan(10);
  await shot(page, "3-trainer-table");
  await expectAccessible(page, "the trainer's table, a cell's detail shown");

  // Live: the table is answered again every few seconds.
  const live = page.getByText(/^Live · checked /);
  const first = await live.textContent();
  await expect(async () => expect(await live.textContent()).not.toBe(first)).toPass({ timeout: 15_000 });

  // Another lab, without a class yet: said so, with the way to make one.
  await page.getByLabel("Lab").selectOption({ label: "Stop Alice's escalation, keep her launches (0 workspaces)" });
  await expect(page.getByText("No workspace was made for this lab yet")).toBeVisible();
  await shot(page, "5-trainer-table-empty");
});

test("a trainer makes a workspace from a lab, renames it and deletes it; the demo stays, and a taken name is refused in words", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "trainer");
  await page.goto("/111111111111/workspaces");
  const create = page.locator("section", { has: page.getByRole("heading", { name: "Create a workspace" }) });
  await create.getByLabel("Name").fill("demo");
  await create.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator("main").getByRole("alert")).toHaveText("A workspace named demo already exists.");
  await shot(page, "6-workspaces-refusal");

  await create.getByLabel("Name").fill("scratch");
  await create.getByLabel("From").selectOption({ label: lab.title });
  await create.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator("main").getByRole("status").first()).toContainText("scratch was created.");
  const table = page.locator("section", { has: page.getByRole("heading", { name: /^Workspaces \(/ }) });
  const scratch = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Open workspace scratch", exact: true }) });
  await expect(scratch).toContainText(lab.title);

  await scratch.getByRole("button", { name: "Rename scratch" }).click();
  await scratch.getByLabel("New name for scratch").fill("scratch-2");
  await scratch.getByRole("button", { name: "Rename", exact: true }).click();
  await expect(page.locator("main").getByRole("status").first()).toContainText("scratch is now scratch-2.");
  const renamed = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Open workspace scratch-2", exact: true }) });
  await renamed.getByRole("button", { name: "Delete scratch-2" }).click();
  await renamed.getByRole("button", { name: "Delete scratch-2 now" }).click();
  await expect(page.locator("main").getByRole("status").first()).toContainText("scratch-2 was deleted");
  await expect(table.getByRole("link", { name: /^Open workspace scratch/ })).toHaveCount(0);

  const demo = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Open workspace demo", exact: true }) });
  await expect(demo.getByRole("button", { name: "Reset demo" })).toBeVisible();
  await expect(demo.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
});

test("at 1280×720 the Workspaces page names accounts and the current workspace, keeps dates on one line, and the trainer's lab choice fits", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, "trainer");
  await page.goto("/111111111111/workspaces");
  const table = page.locator("section", { has: page.getByRole("heading", { name: /^Workspaces \(/ }) });
  const demo = table.getByRole("row").filter({ has: page.getByRole("link", { name: "Open workspace demo", exact: true }) });
  await expect(demo).toContainText("Photos (production) 111111111111");
  await expect(demo).toContainText("Partner data 222222222222");
  await expect(demo.getByText("current", { exact: true })).toBeVisible();
  // Each date's text drawn on a single line: its line boxes share one top.
  const dateLines = await table.evaluate((section) => {
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    const lines: number[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/.test(node.textContent!)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      lines.push(new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size);
    }
    return lines;
  });
  expect(dateLines.length).toBeGreaterThan(0);
  expect(dateLines.every((n) => n === 1), `lines per date: ${dateLines}`).toBe(true);

  await page.goto("/111111111111/workspaces/progress");
  await expect(page.getByLabel("Lab")).toBeVisible();
  expect(await cutSelects(page)).toEqual([]);
});

test("a trainee of the class sees only their workspace, with its lab; not the Workspaces page, nor another trainee's workspace", async ({ page }) => {
  test.setTimeout(60_000);
  const [ana] = e2eClassTrainees;
  await signInAs(page, ana.email, ana.password);
  await expect(page).toHaveURL(/\/w\/iam-101-ana\/\d{12}$/);
  const switcher = page.getByRole("combobox", { name: "Workspace" });
  expect(await switcher.locator("option").allTextContents()).toEqual(["iam-101-ana"]);
  await expect(page.getByRole("link", { name: /This workspace's lab\s*A role nobody can use/ })).toHaveAttribute("href", /^\/w\/iam-101-ana\/\d{12}\/labs\/trust-nobody$/);
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Workspaces" })).toHaveCount(0);
  await shot(page, "4-trainee-overview");

  const account = /\/w\/iam-101-ana\/(\d{12})/.exec(page.url())![1];
  for (const other of ["iam-101-bo.li", "iam-101-cy", "demo"]) {
    const response = await page.goto(`/w/${other}/${account}`);
    expect(response?.status(), other).toBe(404);
  }
  await page.goto(`/w/iam-101-ana/${account}/workspaces`);
  await expect(page).toHaveURL(/\/forbidden\?need=classroom/);
  await expect(page.getByRole("heading", { name: "You need the admin or trainer console role to run the classroom's workspaces" })).toBeVisible();
  expect((await page.request.get(`/w/iam-101-ana/api/classroom/progress?lab=${lab.id}`)).status()).toBe(403);
  const post = await page.request.post("/w/iam-101-ana/api/classroom/classes", { data: { className: "sneaky", lab: null, trainees: [ana.email] } });
  expect(post.status()).toBe(403);
});

test("the class at work: a trainee takes the lab from the predict cards to every check green, and the trainer's table shows it", async ({ browser }) => {
  test.setTimeout(180_000);
  const [ana] = e2eClassTrainees;
  const trainee = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInAs(trainee, ana.email, ana.password);
  await trainee.getByRole("link", { name: /This workspace's lab/ }).click();
  await expect(trainee.getByRole("heading", { level: 1, name: lab.title })).toBeVisible();
  const account = /\/w\/iam-101-ana\/(\d{12})/.exec(trainee.url())![1];

  // Predict, then reveal: both cards committed before the checks show.
  for (const card of [1, 2]) {
    await trainee.getByRole("group", { name: `Your prediction for card ${card}` }).getByRole("button", { name: "Deny" }).click();
  }
  await expect(trainee.getByTestId("card-verdict-indexer-reads")).toContainText("✓ Right");
  await expect(trainee.getByTestId("card-verdict-role-session-reads")).toContainText("the evaluator says Allow");
  await expect(trainee.getByTestId("check-count")).toHaveText("2 of 6 checks pass");

  // The trainer's table, live, in another browser: ana's row still fails.
  const trainer = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  await signIn(trainer, "trainer");
  await trainer.goto(`/w/iam-101-ana/${account}/workspaces/progress?lab=${lab.id}&class=${className}`);
  const anaRow = trainer.locator("tbody tr").filter({ has: trainer.getByRole("rowheader", { name: /iam-101-ana/ }) });
  await expect(anaRow.getByRole("button", { name: /fail/ }).first()).toBeVisible();

  // The fix, through the console: EC2 may assume the role again.
  await trainee.goto(`/w/iam-101-ana/${account}/roles/photos-indexer/trust`);
  await trainee.getByRole("tab", { name: "JSON" }).click();
  await trainee.locator(".cm-content").click();
  await trainee.keyboard.press("Control+A");
  await trainee.keyboard.insertText(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }, null, 2));
  await trainee.getByRole("button", { name: "Save trust policy" }).click();
  await expect(trainee).toHaveURL(new RegExp(`/w/iam-101-ana/${account}/roles/photos-indexer$`));
  await trainee.goto(`/w/iam-101-ana/${account}/labs/${lab.id}`);
  await expect(trainee.getByTestId("check-count")).toHaveText("6 of 6 checks pass", { timeout: 15_000 });
  await expect(trainee.getByTestId("lab-complete")).toContainText("What you learned");
  await trainee.screenshot({ path: `${shots}/7-trainee-lab-complete.png`, fullPage: true });

  // The trainer's table catches up by itself: every cell of ana's row passes, with her change named.
  await expect(anaRow.getByRole("button", { name: /fail/ })).toHaveCount(0, { timeout: 20_000 });
  await expect(anaRow).toContainText(ana.email);
  await expect(anaRow).toContainText(`${ana.email} · UpdateRole role photos-indexer`);
  // The others are where they started.
  await expect(trainer.locator("tbody tr").filter({ has: trainer.getByRole("rowheader", { name: /iam-101-cy/ }) }).getByRole("button", { name: /fail/ }).first()).toBeVisible();
  await trainer.screenshot({ path: `${shots}/8-trainer-table-one-done.png`, fullPage: true });
});
