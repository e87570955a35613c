import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";
import { e2eUsers } from "./users.mjs";

test("an anonymous visitor is sent to sign in, then lands on the page they asked for", async ({ page }) => {
  await page.goto("/111111111111/roles");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F111111111111%2Froles/);
  await page.getByLabel("Email").fill(e2eUsers.viewer.email);
  await page.getByLabel("Password").fill(e2eUsers.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/111111111111\/roles$/);
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  await expect(page.getByText(e2eUsers.viewer.email)).toBeVisible();
});

test("a next= that leads off-site after signing in lands on the console instead", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  for (const next of ["/%5Cevil.example/steal", "/%09/evil.example/steal", "/.//evil.example/steal", "//evil.example/steal"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel("Email").fill(e2eUsers.viewer.email);
    await page.getByLabel("Password").fill(e2eUsers.viewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/111111111111$/);
    expect(new URL(page.url()).origin).toBe(origin);
  }
});

test("a signed-in visit to sign-in with a malformed next= goes home, never to an error", async ({ page, baseURL }) => {
  await signIn(page, "viewer");
  const origin = new URL(baseURL!).origin;
  for (const next of ["/x%0D%0ASet-Cookie:%20a=b", "/x%00", "/caf%C3%A9", "/%5Cevil.example", "/%09/evil.example"]) {
    const response = await page.goto(`/sign-in?next=${next}`);
    expect(response?.status()).toBeLessThan(500);
    expect(new URL(page.url()).origin).toBe(origin);
  }
});

test("a wrong password shows one message that does not say whether the email exists", async ({ page }) => {
  await page.goto("/sign-in");
  for (const email of [e2eUsers.editor.email, "nobody@e2e.test"]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("The email or password is not right.");
    await expect(page).toHaveURL(/\/sign-in$/);
  }
});

test("repeated failures for one email are throttled", async ({ page }) => {
  await page.goto("/sign-in");
  const email = "throttled@e2e.test";
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("form").getByRole("alert")).toHaveText("The email or password is not right.");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-again");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("Too many failed attempts");
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "editor");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/111111111111/roles");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an administrator adds a person, and the audit log shows who did it with a diff", async ({ page }) => {
  await signIn(page, "admin");
  await page.getByRole("link", { name: "People" }).click();
  await page.getByLabel("Email").fill("new.reviewer@e2e.test");
  await page.getByLabel("Console role").last().selectOption("viewer");
  await page.getByLabel("Password").fill("a-long-enough-password");
  await page.getByRole("button", { name: "Add person" }).click();
  await expect(page.getByRole("status")).toContainText("new.reviewer@e2e.test was added");
  await expect(page.getByRole("cell", { name: "new.reviewer@e2e.test", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Scope").selectOption("all");
  await page.getByLabel("Action").selectOption("AddConsoleUser");
  await page.getByRole("button", { name: "Filter" }).click();
  const entry = page.getByRole("list", { name: "Audit entries, newest first" }).getByRole("listitem").first();
  await expect(entry).toContainText(`by ${e2eUsers.admin.email}`);
  await expect(entry).toContainText("AddConsoleUser");
  await entry.getByText("Before and after").click();
  await expect(entry.getByRole("region").or(entry.locator("pre"))).toContainText('"email": "new.reviewer@e2e.test"');
  await expect(entry.locator("pre")).not.toContainText("password");
});
