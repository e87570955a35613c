import { expect, type Page } from "@playwright/test";
import { e2eUsers } from "./users.mjs";

export type ConsoleRoleName = keyof typeof e2eUsers;

/** Signs in through the sign-in form, as people do. */
export async function signIn(page: Page, role: ConsoleRoleName, path = "/") {
  const user = e2eUsers[role];
  await page.goto(path);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}
