import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { generateAuthorizationDetails } from "../../lib/io/generate-authorization-details";
import { signIn } from "./sign-in";
import { otherWorkspace } from "./other-workspace.mjs";

// Lists at more than a page: a generated account of 120 roles, 60 users and 10 groups, imported into
// the browser tests' other workspace (the demo stays as the other specs expect it). Paging, sorting,
// search and filter live in the URL and work with and without JavaScript; pickers of that account
// search the server as one types instead of listing every principal.

const account = "555566667777";
// The other workspace is its own file: its pages are under /w/NAME/.
const inZebra = `/w/${otherWorkspace.workspaceId}`;
const roles = `${inZebra}/${account}/roles`;

test.beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), "roleplay-lists-e2e-"));
  try {
    const file = path.join(dir, "generated.json");
    writeFileSync(file, JSON.stringify(generateAuthorizationDetails({ seed: 7, account, roles: 120, users: 60, groups: 10 })));
    const root = process.cwd();
    const env = { ...process.env, DATABASE_URL: `file:${path.join(root, "data", "e2e.db")}` };
    const imported = spawnSync(process.execPath, [path.join(root, "bin", "roleplay.mjs"), "import", file, "--workspace", otherWorkspace.workspaceId], { cwd: root, env, encoding: "utf8" });
    expect(imported.status, imported.stderr).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin");
});

const count = (page: Page) => page.getByRole("search", { name: "Search roles" }).getByRole("status");
const roleLinks = (page: Page) => page.getByRole("table").locator("tbody tr td:first-child a");

test("the roles list shows one page of 50 with the count, and pages through links kept in the URL", async ({ page }) => {
  await page.goto(roles);
  await expect(count(page)).toHaveText("1–50 of 120 roles");
  await expect(roleLinks(page)).toHaveCount(50);
  const pages = page.getByRole("navigation", { name: "Pages of roles" });
  await expect(pages).toContainText("Page 1 of 3");
  await pages.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(`${roles}?page=2`);
  await expect(count(page)).toHaveText("51–100 of 120 roles");
  await pages.getByRole("link", { name: "Last" }).click();
  await expect(page).toHaveURL(`${roles}?page=3`);
  await expect(count(page)).toHaveText("101–120 of 120 roles");
  await expect(roleLinks(page)).toHaveCount(20);
  // The page is in the URL: a reload, or a link shared, shows the same page.
  await page.reload();
  await expect(count(page)).toHaveText("101–120 of 120 roles");
  await page.goBack();
  await expect(count(page)).toHaveText("51–100 of 120 roles");
});

test("sort headers are links: policies, most first, then fewest first; the header says how it sorts", async ({ page }) => {
  await page.goto(roles);
  const header = page.getByRole("columnheader", { name: /Policies/ });
  await expect(header).not.toHaveAttribute("aria-sort");
  await header.getByRole("link").click();
  await expect(page).toHaveURL(`${roles}?sort=policies`);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const counts = async () => (await page.getByRole("table").locator("tbody tr td:nth-child(3)").allTextContents()).map(Number);
  const most = await counts();
  expect(most).toEqual([...most].sort((a, b) => b - a));
  // From the keyboard: the same link, focused and followed with Enter.
  await header.getByRole("link").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${roles}?sort=policies&dir=asc`);
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  const fewest = await counts();
  expect(fewest).toEqual([...fewest].sort((a, b) => a - b));
  expect(fewest[0]).toBeLessThanOrEqual(most[most.length - 1]);
});

test("the search runs on the server as one types, and stays in the URL with the filter", async ({ page }) => {
  await page.goto(roles);
  await page.getByRole("searchbox", { name: "Filter roles" }).fill("role-11");
  await expect(page).toHaveURL(`${roles}?q=role-11`);
  // role-11 and role-110 … role-119.
  await expect(count(page)).toHaveText("11 of 120 roles");
  await expect(roleLinks(page)).toHaveText(["role-11", "role-110", "role-111", "role-112", "role-113", "role-114", "role-115", "role-116", "role-117", "role-118", "role-119"]);

  await page.getByLabel("Show").selectOption({ label: "In an instance profile" });
  await expect(page).toHaveURL(`${roles}?q=role-11&filter=in-profile`);
  const inProfile = await roleLinks(page).count();
  expect(inProfile).toBeGreaterThan(0);
  expect(inProfile).toBeLessThan(11);
  await expect(count(page)).toHaveText(`${inProfile} of 120 roles`);

  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Filter roles" })).toHaveValue("role-11");
  await expect(page.getByLabel("Show")).toHaveValue("in-profile");
  await expect(roleLinks(page)).toHaveCount(inProfile);

  await page.getByRole("searchbox", { name: "Filter roles" }).fill("no-such-role");
  await expect(page.getByText("No roles match “no-such-role”")).toBeVisible();
  await page.getByRole("link", { name: "clear the search and filter" }).click();
  await expect(page).toHaveURL(roles);
  await expect(count(page)).toHaveText("1–50 of 120 roles");
});

test("the server renders the state the URL holds, with plain links and a GET form to change it", async ({ page }) => {
  // What a browser without JavaScript gets: the page for the URL, and controls that are links and a form.
  const html = async (url: string) => {
    const response = await page.request.get(url);
    expect(response.status()).toBe(200);
    return response.text();
  };
  const searched = await html(`${roles}?q=role-4`);
  expect(searched).toContain("11 of 120 roles");
  expect(searched).toContain(`action="${roles}"`);
  expect(searched).toMatch(/<form[^>]*method="get"/);
  expect(searched).toMatch(/<input[^>]*name="q"[^>]*value="role-4"/);
  expect(searched).toContain(`href="${roles}?q=role-4&amp;sort=name&amp;dir=desc"`);
  expect(searched).toContain(`href="${roles}?q=role-4&amp;sort=policies"`);
  const second = await html(`${roles}?size=25&page=2`);
  expect(second).toContain("26–50 of 120 roles");
  expect(second).toContain(`href="${roles}?size=25&amp;page=3"`);
  expect(second).toContain(`href="${roles}?size=25"`);
  // A URL from elsewhere with nonsense in it still shows the list.
  expect(await html(`${roles}?page=-1&size=3&sort=nope&dir=up&filter=x`)).toContain("1–50 of 120 roles");
});

test("every list of the account pages: users, groups, instance profiles, policies", async ({ page }) => {
  for (const [area, text] of [
    ["users", "1–50 of 60 users"],
    ["groups", "10 groups"],
    ["policies", /policies$/],
  ] as const) {
    await page.goto(`${inZebra}/${account}/${area}`);
    await expect(page.getByRole("search").getByRole("status")).toHaveText(text);
  }
  await page.goto(`${inZebra}/${account}/users?q=group-3`);
  await expect(page.getByRole("table").locator("tbody tr")).not.toHaveCount(0);
  for (const groups of await page.getByRole("table").locator("tbody tr td:nth-child(2)").allTextContents()) expect(groups).toContain("group-3");
});

test("the list route answers the same pages: rows as an array, where they sit in headers", async ({ page }) => {
  const response = await page.request.get(`${inZebra}/api/accounts/${account}/roles?size=25&page=2&sort=name&dir=desc`);
  expect(response.status()).toBe(200);
  const rows = (await response.json()) as { name: string }[];
  expect(rows).toHaveLength(25);
  expect(response.headers()["x-total-count"]).toBe("120");
  expect(response.headers()["x-page"]).toBe("2");
  expect(response.headers()["link"]).toContain('rel="next"');
  const search = (await (await page.request.get(`${inZebra}/api/accounts/${account}/roles?q=role-11`)).json()) as { name: string }[];
  expect(search.map((r) => r.name)).toContain("role-119");
});

test("the acting-as picker of a big account searches the server as one types, from the keyboard", async ({ page }) => {
  await page.goto(`${inZebra}/${account}/instance-profiles`);
  const form = page.getByRole("region", { name: "Create an instance profile" });
  const picker = form.getByRole("combobox", { name: "Acting as" });
  // 181 principals: none of them is in the page until asked for.
  await expect(picker).toHaveValue("Account administrator (root)");
  expect(await page.content()).not.toContain("user-59");

  await picker.fill("user-5");
  const options = page.getByRole("listbox").getByRole("option");
  await expect(options).toHaveText(["user user-5", ...Array.from({ length: 10 }, (_, i) => `user user-5${i}`)]);
  await expect(picker).toHaveAttribute("aria-expanded", "true");
  await picker.press("ArrowDown");
  await picker.press("ArrowDown");
  await expect(picker).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await picker.press("Enter");
  await expect(picker).toHaveValue("user user-50");
  await expect(page.getByRole("listbox")).toHaveCount(0);

  // Escape closes the list and puts back the chosen principal.
  await picker.fill("role-");
  await expect(options).toHaveCount(20);
  await picker.press("Escape");
  await expect(page.getByRole("listbox")).toHaveCount(0);
  await expect(picker).toHaveValue("user user-50");

  // The call is made as the principal picked: user-50 may not create instance profiles.
  await form.getByLabel("Instance profile name").fill("picked-as-user-50");
  await form.getByRole("button", { name: "Create instance profile" }).click();
  await expect(form.getByRole("alert")).toContainText(`arn:aws:iam::${account}:user/user-50`);
});
