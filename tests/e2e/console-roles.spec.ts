import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn, type ConsoleRoleName } from "./sign-in";
import { e2eUsers } from "./users.mjs";
import { otherWorkspace as zebra } from "./other-workspace.mjs";
import { cutSelects, silentlyCutTables } from "./support/layout";

// A walk through the console as each console role: what each sees and may do. Screenshots of each
// step land in test-results/console-roles/ for people to look at.

const shot = (role: string, step: string) => ({ path: `test-results/console-roles/${role}-${step}.png`, fullPage: true });

const expectations: Record<ConsoleRoleName, { admin: boolean; edit: boolean }> = {
  admin: { admin: true, edit: true },
  editor: { admin: false, edit: true },
  viewer: { admin: false, edit: false },
  trainer: { admin: false, edit: true },
  trainee: { admin: false, edit: true },
};

for (const [role, can] of Object.entries(expectations) as [ConsoleRoleName, { admin: boolean; edit: boolean }][]) {
  test(`as ${role}: reads everything, ${can.edit ? "may" : "may not"} operate the sandbox, ${can.admin ? "manages" : "does not manage"} people`, async ({ page }) => {
    await signIn(page, role);
    await expect(page.getByText(`Console role: ${role}`)).toBeVisible();
    await page.screenshot(shot(role, "1-overview"));

    // The trainee works in the demo workspace only: another workspace is neither listed nor opened.
    // Each workspace is its own sandbox: the account picker lists the current workspace's accounts.
    const accounts = (await page.getByRole("combobox", { name: "Account" }).locator("option").allTextContents()).join(" ");
    expect(accounts).not.toContain(zebra.accountName);
    const workspaces = await page.getByRole("combobox", { name: "Workspace" }).locator("option").allTextContents();
    if (role === "trainee") {
      expect(workspaces).toEqual(["demo"]);
      for (const url of [`/w/${zebra.workspaceId}/${zebra.account}/roles/${zebra.role}`, `/${zebra.account}/roles/${zebra.role}`]) {
        const response = await page.goto(url);
        expect(response?.status(), url).toBe(404);
        await expect(page.getByText(zebra.roleDescription)).toHaveCount(0);
      }
      await page.goto("/111111111111");
    } else {
      expect(workspaces).toContain(zebra.workspaceId);
      await page.goto(`/w/${zebra.workspaceId}/${zebra.account}/roles/${zebra.role}`);
      await expect(page.getByText(zebra.roleDescription)).toBeVisible();
      await page.goto("/111111111111");
    }

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

    if (can.admin) {
      // Restoring replaces the workspace: offered only once a file is chosen and the box ticked.
      await page.goto("/111111111111/backup");
      const restore = page.getByRole("button", { name: "Restore" });
      const file = page.getByLabel(/Backup file/);
      await expect(restore).toBeDisabled();
      await expect(page.getByText("Choose a backup file and tick the box to confirm.")).toBeVisible();
      // The file input's button looks like the console's buttons, not like plain text.
      expect(await file.evaluate((input) => getComputedStyle(input, "::file-selector-button").borderTopLeftRadius)).toBe("6px");
      await file.setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from("{}") });
      await expect(restore).toBeDisabled();
      await page.getByLabel(/Replace the current workspace/).check();
      await expect(restore).toBeEnabled();
      await page.getByLabel(/Replace the current workspace/).uncheck();
      await expect(restore).toBeDisabled();
      await page.screenshot(shot(role, "6-backup"));
    }
  });
}

// Every page of the console as each console role, at 1440×900 and at 1280×720: each answers
// (a page, or the refusal a role gets), the signed-in card's Sign out stays in view, no table is
// cut without a sign that it scrolls, no select is too narrow for its choice, and a
// screenshot of each lands in test-results/console-walk/<size>/<role>/ to be looked at.

const viewports = [
  { name: "1440x900", width: 1440, height: 900 },
  { name: "1280x720", width: 1280, height: 720 },
] as const;

/** Every page route under an account, from app/ (route groups dropped): roles/[name], … */
function accountPageRoutes(): string[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((entry) => (statSync(path.join(dir, entry)).isDirectory() ? walk(path.join(dir, entry)) : [path.join(dir, entry)]));
  const base = path.join(process.cwd(), "app", "(console)", "[account]");
  return walk(base)
    .filter((f) => f.endsWith(`${path.sep}page.tsx`))
    .map((f) => path.relative(base, path.dirname(f)).split(path.sep).filter(Boolean).join("/"))
    .sort();
}

/** The demo's sample for each dynamic segment; ids the seed draws at random are read from the console. */
async function sampleValues(page: Page): Promise<Record<string, string>> {
  const idFrom = async (list: string, pattern: RegExp) => {
    await page.goto(`/111111111111/${list}`);
    const hrefs = await page.locator(`a[href*="/${list}/"]`).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    return hrefs.map((h) => pattern.exec(h)?.[1]).find(Boolean);
  };
  return {
    "roles/[name]": "Get-pics",
    "labs/[lab]": "trust-nobody",
    "[policy]": "ReadPhotosBucket",
    "users/[name]": "alice",
    "groups/[name]": "developers",
    "instance-profiles/[name]": "Get-pics",
    "buckets/[name]": "amzn-s3-demo-bucket-photos",
    "policies/[arn]": encodeURIComponent("arn:aws:iam::111111111111:policy/LaunchWithGetPicsOnly"),
    "instances/[id]": (await idFrom("instances", /\/instances\/(i-[0-9a-f]+)$/)) ?? "",
    "ecs-tasks/[id]": (await idFrom("ecs-tasks", /\/ecs-tasks\/([0-9a-f]{32})$/)) ?? "",
    "decisions/[id]": (await idFrom("decisions", /\/decisions\/([^/?#]+)$/)) ?? "",
  };
}

function urlOf(route: string, values: Record<string, string>): string | undefined {
  const segments = route.split("/").filter(Boolean);
  const filled = segments.map((s, i) => (s.startsWith("[") ? (values[`${segments[i - 1]}/${s}`] ?? values[s]) : s));
  return filled.some((s) => !s) ? undefined : `/111111111111${filled.length ? `/${filled.join("/")}` : ""}`;
}

for (const role of Object.keys(e2eUsers) as ConsoleRoleName[]) {
  test(`as ${role}: every page answers at 1440×900 and 1280×720, Sign out in view, screenshots taken`, async ({ page }) => {
    test.setTimeout(15 * 60_000);
    await page.setViewportSize(viewports[0]);
    await signIn(page, role);
    const values = await sampleValues(page);
    const problems: string[] = [];
    for (const route of accountPageRoutes()) {
      const url = urlOf(route, values);
      if (!url) {
        // A fresh database has made no decision yet: the decision log has no entry to open.
        if (route === "decisions/[id]") test.info().annotations.push({ type: "not walked", description: "decisions/[id]: the decision log is empty" });
        else problems.push(`${route}: no sample to open it with`);
        continue;
      }
      await page.setViewportSize(viewports[0]);
      const response = await page.goto(url);
      await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
      const status = response?.status() ?? 0;
      const refused = /\/forbidden/.test(page.url());
      if (status >= 500) problems.push(`${url}: HTTP ${status}`);
      if (await page.getByText(/Something went wrong|Application error/).count()) problems.push(`${url}: error page`);
      if (!refused && status < 400) {
        if (!(await page.getByRole("heading", { level: 1 }).count())) problems.push(`${url}: no page heading`);
      }
      const slug = (route || "overview").replace(/\//g, "_").replace(/[[\]]/g, "");
      for (const viewport of viewports) {
        await page.setViewportSize(viewport);
        if (!refused && status < 400) {
          const signOut = page.getByRole("button", { name: "Sign out" });
          if (!(await signOut.isVisible()) || !(await isInViewport(signOut))) problems.push(`${url} at ${viewport.name}: Sign out is below the fold`);
          for (const cut of [...(await silentlyCutTables(page)), ...(await cutSelects(page))]) problems.push(`${url} at ${viewport.name}: ${cut}`);
        }
        await page.screenshot({ path: `test-results/console-walk/${viewport.name}/${role}/${slug}.png`, fullPage: true });
      }
    }
    expect(problems).toEqual([]);
  });
}

async function isInViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight;
  });
}

/** Whether `locator` lies inside `container`'s box (the part of a scrolling box in sight) and the window. */
async function isInside(locator: Locator, container: Locator): Promise<boolean> {
  const [inner, outer] = await Promise.all([locator.boundingBox(), container.boundingBox()]);
  const height = locator.page().viewportSize()?.height ?? 0;
  if (!inner || !outer) return false;
  return inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1 && inner.y >= 0 && inner.y + inner.height <= height;
}

test("the administrator's navigation: every link in sight at 1440×900; at 1280×720 the current page's link in sight, the rest a scroll away", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "admin", "/111111111111/audit");
  const nav = page.getByRole("navigation", { name: "Console" });
  const scroller = page.getByTestId("console-nav-scroller");
  const links = await nav.getByRole("link").all();
  expect(links.length).toBe(20);
  for (const link of links) expect(await isInside(link, scroller), (await link.textContent()) ?? "").toBe(true);
  await expect(page.getByTestId("console-nav-more")).toHaveCount(0);
  await page.screenshot({ path: "test-results/console-roles/admin-nav-1440x900.png" });

  await page.setViewportSize({ width: 1280, height: 720 });
  for (const [path, name] of [["/111111111111/audit", "Audit log"], ["/111111111111/backup", "Backup and restore"], ["/111111111111/escalation", "Escalation paths"], ["/111111111111/roles", "Roles"]]) {
    await page.goto(path);
    const current = nav.getByRole("link", { name, exact: true });
    await expect(current).toHaveAttribute("aria-current", "page");
    await expect.poll(() => isInside(current, scroller), path).toBe(true);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport({ ratio: 1 });
  }
  // On Roles the links below are out of sight: a mark says so, and a click on it scrolls them into view.
  await expect(page.getByTestId("console-nav-more")).toBeVisible();
  await page.screenshot({ path: "test-results/console-roles/admin-nav-1280x720.png" });
  await page.getByTestId("console-nav-more").locator("button").click();
  await expect.poll(() => isInside(nav.getByRole("link", { name: "Backup and restore" }), scroller)).toBe(true);
  await expect(page.getByTestId("console-nav-more")).toHaveCount(0);

  // Reached with the keyboard, going down and back up, a link never sits under an edge's mark.
  await page.goto("/111111111111");
  const all = await nav.getByRole("link").all();
  for (const link of [...all, ...[...all].reverse()]) {
    await link.focus();
    await expect
      .poll(async () => {
        const [box, frame] = [await link.boundingBox(), await scroller.boundingBox()];
        const above = await page.getByTestId("console-nav-more-above").count();
        const below = await page.getByTestId("console-nav-more").count();
        return Boolean(box && frame && (!above || box.y - frame.y >= 28) && (!below || frame.y + frame.height - (box.y + box.height) >= 28));
      }, (await link.textContent()) ?? "")
      .toBe(true);
  }
});

test("a lesser console role is refused in words, inside the console with its navigation, without a page scroll", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer", "/111111111111/backup");
  await expect(page).toHaveURL(/\/w\/demo\/111111111111\/forbidden\?need=admin/);
  await expect(page.getByRole("heading", { level: 1, name: "You need the admin console role to administer the console" })).toBeVisible();
  await expect(page.getByText("Your console role is viewer.")).toBeVisible();
  await expect(page.getByText(/accessdenied/i)).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Overview" })).toBeVisible();
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight), viewport.name).toBeLessThanOrEqual(0);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
  }
  await page.getByRole("link", { name: "Back to the account's overview" }).click();
  await expect(page).toHaveURL(/\/w\/demo\/111111111111$/);
});
