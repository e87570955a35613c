import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { silentlyCutTables } from "./support/layout";

// The foundation's user flows, on a freshly seeded demo workspace, as a viewer (reading is enough).

test.beforeEach(async ({ page }) => {
  await signIn(page, "viewer");
});

test("the console opens on the first account's overview with the demo stories", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/111111111111$/);
  await expect(page.getByRole("heading", { level: 1, name: "Photos (production)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Get-pics: an instance that never sees a key" })).toBeVisible();
});

test("find role Get-pics, see its trust policy and the instance photos-app that uses it", async ({ page }) => {
  await page.goto("/111111111111");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Roles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Filter roles" }).fill("get-pics");
  // Other specs may add roles (Get-pics-2): count what the filter leaves, not the total.
  await expect(page.getByText(/^\d of \d+ roles$/)).toBeVisible();
  await page.getByRole("link", { name: "Get-pics", exact: true }).click();

  await expect(page).toHaveURL(/\/111111111111\/roles\/Get-pics$/);
  await expect(page.getByRole("heading", { level: 1, name: "Get-pics" })).toBeVisible();
  const trust = page.getByRole("region", { name: "Trust policy" });
  await expect(trust).toContainText('"Service": "ec2.amazonaws.com"');
  await expect(trust).toContainText('"Action": "sts:AssumeRole"');
  const usage = page.getByRole("region", { name: "Instance profiles and the instances that use them" });
  await expect(usage.getByRole("link", { name: "photos-app" })).toBeVisible();
  await expect(usage).toContainText("profile associated");
  await expect(usage).not.toContainText("association associated");

  await usage.getByRole("link", { name: "photos-app" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "photos-app" })).toBeVisible();
  const metadata = page.getByRole("region", { name: "Instance metadata options" });
  await expect(metadata).toContainText("required");
  await expect(metadata).toContainText("IMDSv2 only");
  await expect(page.getByRole("region", { name: "Identity on this instance" }).getByRole("link", { name: /Get-pics/ }).first()).toBeVisible();
});

test("switch to account 222222222222 and find role efgh trusting abcd", async ({ page }) => {
  await page.goto("/111111111111/roles");
  await page.getByRole("combobox", { name: "Account" }).selectOption("222222222222");
  await expect(page).toHaveURL(/\/222222222222\/roles$/);
  await expect(page.getByText("1 role")).toBeVisible();
  await page.getByRole("link", { name: "efgh", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "efgh" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Trust policy" })).toContainText("arn:aws:iam::111111111111:role/abcd");
});

test("every list page renders its rows, and an unknown entity shows the not-found page", async ({ page }) => {
  const expectations: [string, string][] = [
    ["policies", "ConsoleLaunchWithAnyRole"],
    ["users", "alice"],
    ["groups", "developers"],
    ["instance-profiles", "abcd"],
    ["instances", "photos-app"],
    ["ecs-tasks", "photos-thumbnailer:3"],
    ["buckets", "amzn-s3-demo-bucket-photos"],
  ];
  for (const [area, text] of expectations) {
    await page.goto(`/111111111111/${area}`);
    await expect(page.getByRole("link", { name: text, exact: true }).first()).toBeVisible();
  }
  await page.goto("/111111111111/roles/no-such-role");
  await expect(page.getByRole("heading", { name: "Nothing by that name in this account" })).toBeVisible();
});

test("the ECS task page shows its own task role apart from the instance role", async ({ page }) => {
  await page.goto("/111111111111/ecs-tasks");
  await page.getByRole("link", { name: "photos-thumbnailer:3" }).click();
  const roles = page.getByRole("region", { name: "Roles around this task" });
  await expect(roles.getByRole("link", { name: /photos-thumbnailer-task/ })).toBeVisible();
  await expect(roles.getByRole("link", { name: /ecsInstanceRole/ })).toBeVisible();
});

test("at 1280×720 the roles list and the ECS task page show every table whole, or shade the side that scrolls", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/111111111111/roles");
  await expect(page.getByRole("columnheader", { name: /Created/ })).toBeVisible();
  expect(await silentlyCutTables(page)).toEqual([]);
  await page.goto("/111111111111/ecs-tasks");
  await page.getByRole("link", { name: "photos-thumbnailer:3" }).click();
  await expect(page.getByRole("table", { name: "Permissions of ecsInstanceRole" })).toBeVisible();
  expect(await silentlyCutTables(page)).toEqual([]);
});

test("at 1280×720 short texts keep their line: the signed-in card's console role, the roles search box's hint", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto("/111111111111/roles");
  const role = page.getByText(/^Console role: viewer$/);
  expect((await role.boundingBox())!.height).toBeLessThan(24);
  // The hint drawn whole: its text, in the box's font, fits inside the box's padding.
  const search = page.getByRole("searchbox", { name: "Filter roles" });
  const room = await search.evaluate((input: HTMLInputElement) => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d")!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - context.measureText(input.placeholder).width;
  });
  expect(room).toBeGreaterThanOrEqual(0);
});
