import { expect, test } from "@playwright/test";
import { signIn, type ConsoleRoleName } from "./sign-in";
import { otherWorkspace as zebra } from "./other-workspace.mjs";

// A walk through the console as each console role: what each sees and may do. Screenshots of each
// step land in test-results/console-roles/ for people to look at.

const shot = (role: string, step: string) => ({ path: `test-results/console-roles/${role}-${step}.png`, fullPage: true });

const expectations: Record<ConsoleRoleName, { admin: boolean; edit: boolean }> = {
  admin: { admin: true, edit: true },
  editor: { admin: false, edit: true },
  viewer: { admin: false, edit: false },
  trainee: { admin: false, edit: true },
};

for (const [role, can] of Object.entries(expectations) as [ConsoleRoleName, { admin: boolean; edit: boolean }][]) {
  test(`as ${role}: reads everything, ${can.edit ? "may" : "may not"} operate the sandbox, ${can.admin ? "manages" : "does not manage"} people`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText(`Console role: ${role}`)).toBeVisible();
    await page.screenshot(shot(role, "1-overview"));

    // The trainee works in the demo workspace only: another workspace is neither listed nor opened.
    const accounts = (await page.getByRole("combobox", { name: "Account" }).locator("option").allTextContents()).join(" ");
    if (role === "trainee") {
      expect(accounts).not.toContain(zebra.accountName);
      const response = await page.goto(`/${zebra.account}/roles/${zebra.role}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByText(zebra.roleDescription)).toHaveCount(0);
      await page.goto("/111111111111");
    } else expect(accounts).toContain(zebra.accountName);

    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link", { name: "People" })).toHaveCount(can.admin ? 1 : 0);
    await expect(nav.getByRole("link", { name: "Backup and restore" })).toHaveCount(can.admin ? 1 : 0);

    await nav.getByRole("link", { name: "EC2 instances" }).click();
    await expect(page.getByRole("link", { name: "photos-app" })).toBeVisible();
    if (can.edit) await expect(page.getByText("Launching instances needs an editor's console role")).toHaveCount(0);
    else await expect(page.getByText("Launching instances needs an editor's console role")).toBeVisible();
    await page.screenshot(shot(role, "2-instances"));

    await page.getByRole("link", { name: "photos-app" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "photos-app" })).toBeVisible();
    await expect(page.getByText("Operating instances needs an editor's console role")).toHaveCount(can.edit ? 0 : 1);
    await page.screenshot(shot(role, "3-instance"));

    await page.goto("/111111111111/audit");
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    await page.screenshot(shot(role, "4-audit"));

    await page.goto("/111111111111/people");
    if (can.admin) await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
    else await expect(page).toHaveURL(/\/forbidden/);
    await page.screenshot(shot(role, "5-people"));
  });
}
