import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The README's console walkthroughs, done as written: the steps are read from README.md ("open
// account `…` → **Roles** → `efgh` → **Edit trust policy** → **JSON**, change `A` to `B`, then
// **Save trust policy**") and followed click by click. The command-line walkthroughs are
// tests/unit/cli/readme-walkthroughs.test.ts.

const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8").replace(/```[\s\S]*?```/g, "");

/** The README's sentence for a walkthrough, from `start` to `end`, on one line. */
function walkthrough(start: string, end: string): string {
  const from = readme.indexOf(start);
  expect(from, `README.md says "${start}"`).toBeGreaterThanOrEqual(0);
  const to = readme.indexOf(end, from);
  expect(to, `README.md says "${end}" after "${start}"`).toBeGreaterThan(from);
  return readme.slice(from + start.length, to).replace(/\s+/g, " ").trim();
}

async function editorText(page: Page): Promise<string> {
  return (await page.locator(".cm-content .cm-line").allInnerTexts()).join("\n");
}

/** Follows steps written as `open account `ID``, `**Control**`, `` `link` ``, `change `A` to `B``. */
async function follow(page: Page, sentence: string) {
  for (const raw of sentence.split(/→|, then |, /)) {
    const step = raw.trim().replace(/\.$/, "");
    if (!step) continue;
    const account = /^open account `(\d{12})`$/.exec(step);
    const change = /^change `([^`]+)` to `([^`]+)`$/.exec(step);
    const bold = /^\*\*([^*]+)\*\*$/.exec(step);
    const code = /^`([^`]+)`$/.exec(step);
    if (account) {
      await page.getByRole("combobox", { name: "Account" }).selectOption(account[1]);
      await expect(page).toHaveURL(new RegExp(`/${account[1]}`));
    } else if (change) {
      const text = await editorText(page);
      expect(text, `the JSON holds ${change[1]}`).toContain(change[1]);
      await page.locator(".cm-content").click();
      await page.keyboard.press("Control+A");
      await page.keyboard.insertText(text.replace(change[1], change[2]));
    } else if (bold) {
      const name = bold[1];
      const control = page.getByRole("tab", { name, exact: true }).or(page.getByRole("button", { name, exact: true })).or(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name, exact: true })).or(page.getByRole("main").getByRole("link", { name, exact: true }));
      await control.first().click();
    } else if (code) {
      await page.getByRole("main").getByRole("link", { name: code[1], exact: true }).first().click();
    } else {
      throw new Error(`README step not understood: "${step}"`);
    }
  }
}

test("Run your own SDK code: make efgh trust someone else in the console, as the README says", async ({ page }) => {
  const steps = walkthrough("Then make `efgh` trust someone else: in the console,", "The next call is");
  expect(steps).toBe("open account `222222222222` → **Roles** → `efgh` → **Edit trust policy** → **JSON**, change `arn:aws:iam::111111111111:role/abcd` to `arn:aws:iam::111111111111:role/Get-pics`, then **Save trust policy**.");
  await signIn(page, "editor");
  await follow(page, steps);
  await expect(page.getByRole("heading", { level: 1, name: "efgh" })).toBeVisible();
  const trust = page.getByRole("region", { name: "Trust policy" });
  await expect(trust).toContainText("arn:aws:iam::111111111111:role/Get-pics");
  await expect(trust).not.toContainText("arn:aws:iam::111111111111:role/abcd");

  // "A trust policy cannot be left without statements: AWS refuses it, and the editor says so before you save."
  expect(readme.replace(/\s+/g, " ")).toContain("A trust policy cannot be left without statements: AWS refuses it, and the editor says so before you save.");
  await page.getByRole("link", { name: "Edit trust policy" }).click();
  await page.getByRole("button", { name: "Remove statement 1" }).click();
  await expect(page.getByRole("region", { name: "Findings of the visual editor" })).toContainText("Statement must not be empty");

  // Back as the demo had it, for the specs that follow.
  await page.goto("/222222222222/roles/efgh");
  await follow(page, "**Edit trust policy** → **JSON**, change `arn:aws:iam::111111111111:role/Get-pics` to `arn:aws:iam::111111111111:role/abcd`, then **Save trust policy**");
  await expect(trust).toContainText("arn:aws:iam::111111111111:role/abcd");
});

test("The demo workspace: switch accounts with the selector at the top left", async ({ page }) => {
  expect(walkthrough("the container instances' role.", "## The classroom")).toBe("Switch accounts with the selector at the top left.");
  await signIn(page, "viewer");
  const selector = page.getByRole("combobox", { name: "Account" });
  const box = (await selector.boundingBox())!;
  expect(box.x).toBeLessThan(300);
  expect(box.y).toBeLessThan(200);
  await selector.selectOption("222222222222");
  await expect(page.getByRole("heading", { level: 1, name: "Partner data" })).toBeVisible();
});
