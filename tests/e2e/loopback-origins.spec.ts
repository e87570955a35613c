import { expect, test } from "@playwright/test";
import { e2eUsers } from "./users.mjs";

// The console is served at http://127.0.0.1:PORT (the README's address) as well as at localhost.
// A server action in a workspace URL (/w/NAME/…) must work at both: a rewrite that forwarded it
// under another host than the browser's Origin had it refused as a forgery at 127.0.0.1 only.

const port = Number(process.env.E2E_PORT ?? 3311);

for (const host of ["127.0.0.1", "localhost"]) {
  test(`a server action in a workspace URL works at http://${host}`, async ({ page }) => {
    const base = `http://${host}:${port}`;
    await page.goto(`${base}/sign-in`);
    await page.getByLabel("Email").fill(e2eUsers.trainer.email);
    await page.getByLabel("Password").fill(e2eUsers.trainer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/w\/demo\/\d{12}$/);
    await page.goto(`${base}/w/demo/111111111111/workspaces`);
    const create = page.locator("section", { has: page.getByRole("heading", { name: "Create a workspace" }) });
    const name = `loopback-${host.replace(/\./g, "-")}`;
    await create.getByLabel("Name").fill(name);
    await create.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.locator("main").getByRole("status").first()).toContainText(`${name} was created.`, { timeout: 30_000 });
    const table = page.locator("section", { has: page.getByRole("heading", { name: /^Workspaces \(/ }) });
    const row = table.getByRole("row").filter({ has: page.getByRole("link", { name: `Open workspace ${name}`, exact: true }) });
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await row.getByRole("button", { name: `Delete ${name} now` }).click();
    await expect(page.locator("main").getByRole("status").first()).toContainText(`${name} was deleted`);
  });
}

test("a console link from before workspaces opens demo on the host the browser used", async ({ page }) => {
  const base = `http://127.0.0.1:${port}`;
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(e2eUsers.viewer.email);
  await page.getByLabel("Password").fill(e2eUsers.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/w\/demo\/\d{12}$/);
  await page.goto(`${base}/111111111111/roles`);
  await expect(page).toHaveURL(`${base}/w/demo/111111111111/roles`);
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
});
