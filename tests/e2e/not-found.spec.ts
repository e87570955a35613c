import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

// A page that streamed before its check would answer 200 with the not-found UI inside: the status
// is what scripts, monitors and the accessibility crawl see.
test("an unknown account, entity or page answers 404; a known one 200", async ({ page }) => {
  await signIn(page, "editor");
  const status = async (path: string) => (await page.request.get(path)).status();
  const arn = (resource: string) => encodeURIComponent(`arn:aws:iam::111111111111:${resource}`);
  for (const path of [
    "/999999999999/roles",
    "/111111111111/no-such-area",
    "/111111111111/roles/no-such-role",
    "/111111111111/roles/no-such-role/trust",
    "/111111111111/roles/Get-pics/inline/no-such-policy",
    "/111111111111/instances/i-0000000000000000",
    "/111111111111/instance-profiles/no-such-profile",
    "/111111111111/users/no-such-user",
    `/111111111111/policies/${arn("policy/NoSuchPolicy")}`,
    `/111111111111/policies/${arn("role/Get-pics")}`,
    "/111111111111/policies/not-an-arn",
    "/111111111111/policies/not-an-arn/new-version",
    // A name that decodes to a malformed escape names nothing (it crashed the page's title before).
    ...["users", "roles", "groups", "instance-profiles", "buckets"].map((area) => `/111111111111/${area}/%25E0%25A4%25A`),
    "/111111111111/roles/%25E0%25A4%25A/trust",
    "/111111111111/roles/Get-pics/inline/%25E0%25A4%25A",
    "/111111111111/policies/%25E0%25A4%25A",
  ]) {
    expect(await status(path), path).toBe(404);
  }
  for (const path of ["/111111111111/roles/Get-pics", "/111111111111/instance-profiles/Get-pics", "/111111111111/users/alice"]) {
    expect(await status(path), path).toBe(200);
  }
  // A malformed escape itself is a bad request, said in words (Next's router answered a bare 500).
  for (const path of ["/w/demo/111111111111/users/%E0%A4%A", "/w/demo/111111111111/roles/%ZZ"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text()).toContain("malformed %-escape");
  }
  const api = await page.request.get("/w/demo/api/accounts/%E0%A4%A/review");
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({ code: "InvalidInput" });
  await page.goto("/111111111111/roles/no-such-role");
  await expect(page.getByRole("heading", { name: "Nothing by that name in this account" })).toBeVisible();
});
