import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

test("an IAM term shows its definition on hover and on keyboard focus, inside the viewport; Escape closes it", async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 800 });
  await signIn(page, "viewer", "/111111111111/roles/Get-pics");
  const term = page.getByRole("heading", { name: "Trust policy" }).locator("[tabindex='0']");
  await expect(term).toHaveAccessibleDescription(/which principals may assume it/);
  const definition = page.getByRole("tooltip").filter({ hasText: "which principals may assume it" });
  await expect(definition).toBeHidden();
  await term.hover();
  await expect(definition).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(definition).toBeHidden();
  await page.mouse.move(0, 0);

  await term.focus();
  await expect(definition).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(definition).toBeHidden();

  // A term near the right edge of a narrow window: its definition is moved left, not cut off.
  await page.setViewportSize({ width: 700, height: 800 });
  await page.goto("/111111111111/who-can");
  await page.locator("[tabindex='0']", { hasText: "RCPs" }).focus();
  const box = (await page.getByRole("tooltip").filter({ hasText: "Resource control policy" }).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(700);
});
