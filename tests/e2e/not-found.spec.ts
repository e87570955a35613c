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
    // A malformed escape names nothing (it crashed the page's title before).
    ...["users", "roles", "groups", "instance-profiles", "buckets"].map((area) => `/111111111111/${area}/%E0%A4%A`),
    "/111111111111/roles/%E0%A4%A/trust",
    "/111111111111/roles/Get-pics/inline/%E0%A4%A",
    "/111111111111/policies/%E0%A4%A",
  ]) {
    expect(await status(path), path).toBe(404);
  }
  for (const path of ["/111111111111/roles/Get-pics", "/111111111111/instance-profiles/Get-pics", "/111111111111/users/alice"]) {
    expect(await status(path), path).toBe(200);
  }
  await page.goto("/111111111111/roles/no-such-role");
  await expect(page.getByRole("heading", { name: "Nothing by that name in this account" })).toBeVisible();
});
