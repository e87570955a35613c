import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The role designer's flows (issue 5), as an editor, on the freshly seeded demo workspace.

const account = "111111111111";

/** The JSON editor's text as displayed (CodeMirror renders one element per line). */
async function editorText(page: Page): Promise<string> {
  return (await page.locator(".cm-content .cm-line").allInnerTexts()).join("\n");
}

async function replaceEditorText(page: Page, text: string) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
}

test("create Get-pics-2 from the EC2 wizard with read-only access to one bucket, built visually; JSON and back changes nothing; save and see the summary", async ({ page }) => {
  await signIn(page, "editor", `/${account}/roles/new`);
  await expect(page.getByRole("heading", { level: 1, name: "Create role" })).toBeVisible();

  // Step 1: EC2 is the default trusted entity; the matching instance profile is offered.
  await expect(page.getByRole("radio", { name: /EC2/ })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByLabel("Create the matching instance profile")).toBeChecked();
  await expect(page.getByTestId("generated-trust")).toContainText('"Service": "ec2.amazonaws.com"');
  await page.getByRole("button", { name: "Next: permissions" }).click();

  // Step 2: one statement, S3, two read-only actions, one bucket and its objects.
  await page.getByRole("button", { name: "+ Add statement" }).click();
  await page.getByRole("combobox", { name: "Service" }).fill("s3");
  await page.getByRole("option").filter({ hasText: "Amazon S3" }).first().getByRole("button").click();
  const filter = page.getByRole("searchbox", { name: "Filter actions" });
  await filter.fill("GetObject");
  await page.getByLabel("GetObject", { exact: true }).check();
  await filter.fill("ListBucket");
  await page.getByLabel("ListBucket", { exact: true }).check();
  await filter.fill("");

  await page.getByLabel("Add an action or wildcard pattern").fill("s3:Get*");
  await expect(page.getByText(/s3:Get\* covers \d+ actions/)).toBeVisible();
  await page.getByLabel("Add an action or wildcard pattern").fill("");

  await page.getByRole("button", { name: "Add bucket ARN" }).click();
  await page.getByLabel("BucketName").fill("amzn-s3-demo-bucket-photos");
  await expect(page.getByTestId("arn-preview")).toHaveText("arn:aws:s3:::amzn-s3-demo-bucket-photos");
  await page.getByRole("button", { name: "Add ARN", exact: true }).click();
  await page.getByRole("button", { name: "Add object ARN" }).click();
  await page.getByLabel("BucketName").fill("amzn-s3-demo-bucket-photos");
  await expect(page.getByTestId("arn-preview")).toHaveText("arn:aws:s3:::amzn-s3-demo-bucket-photos/*");
  await page.getByRole("button", { name: "Add ARN", exact: true }).click();
  await page.getByRole("textbox", { name: "Sid (optional statement id)" }).fill("ReadPhotos");

  const verdict = page.getByTestId("grants-verdict");
  await expect(verdict).toContainText("Yes — this change newly allows 2 actions:");
  await expect(verdict).toContainText("s3:GetObject on arn:aws:s3:::amzn-s3-demo-bucket-photos");
  await expect(verdict).toContainText("s3:ListBucket on arn:aws:s3:::amzn-s3-demo-bucket-photos");
  const summary = page.getByRole("table", { name: "Policy summary, saved and draft" });
  await expect(summary).toContainText("Amazon S3");
  await expect(summary).toContainText("Limited");

  // Visual → JSON → visual → JSON: the text is exactly the same.
  await page.getByRole("tab", { name: "JSON" }).click();
  const json = await editorText(page);
  expect(JSON.parse(json).Statement).toEqual([
    { Sid: "ReadPhotos", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"] },
  ]);
  await page.getByRole("tab", { name: "Visual" }).click();
  await expect(page.getByTestId("statement-0")).toContainText("ReadPhotos");
  await page.getByRole("tab", { name: "JSON" }).click();
  expect(await editorText(page)).toBe(json);
  await expect(page.getByText("No findings: the policy is valid")).toBeVisible();

  // Can it read a photo? Allowed by the statement, which is highlighted in the editor.
  await page.getByLabel("on resource").fill("arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg");
  await page.getByRole("button", { name: "Check with the draft" }).click();
  await expect(page.getByTestId("access-answer")).toContainText("Allow");
  await expect(page.getByTestId("access-answer")).toContainText("Deciding: statement 1 (ReadPhotos) of this draft");
  await expect(page.locator(".cm-deciding-line").first()).toBeVisible();

  // Step 3: name and create.
  await page.getByRole("button", { name: "Next: name and review" }).click();
  await page.getByLabel("Role name").fill("Get-pics-2");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page).toHaveURL(new RegExp(`/${account}/roles/Get-pics-2\\?created=1$`));
  await expect(page.getByRole("heading", { level: 1, name: "Get-pics-2" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("with instance profile Get-pics-2");
  const saved = page.getByRole("table", { name: "Permissions summary" });
  await expect(saved.getByRole("row", { name: /Amazon S3/ })).toContainText("Limited");
  await expect(page.getByRole("region", { name: "Permission policies (1)" })).toContainText("arn:aws:s3:::amzn-s3-demo-bucket-photos/*");
});

test("an empty form opens without errors: a hint until the policy is edited, the empty Statement an error once a save is tried", async ({ page }) => {
  await signIn(page, "editor", `/${account}/policies/new`);
  const counts = page.getByRole("list", { name: "Findings by severity" });
  await expect(counts).toContainText("0 errors");
  await expect(page.getByText("No statements yet. Add one")).toBeVisible();
  await expect(page.getByLabel("Findings of the visual editor")).toHaveCount(0);
  await expect(page.getByRole("complementary", { name: "Preview" })).toContainText("Add a statement to see what the draft would allow.");
  await page.getByLabel("Policy name").fill("NeverSaved");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(counts).toContainText("1 error");
  await expect(page.getByLabel("Findings of the visual editor")).toContainText("EMPTY_STATEMENT");

  await page.goto(`/${account}/roles/Get-pics/inline`);
  await expect(counts).toContainText("0 errors");
  await expect(page.getByText("No statements yet. Add one")).toBeVisible();
  // Adding a statement and removing it again is an edit: the empty Statement is an error now.
  await page.getByRole("button", { name: "+ Add statement" }).click();
  await page.getByRole("button", { name: "Remove statement 1" }).click();
  await expect(counts).toContainText("1 error");
});

test("a broken policy pasted into the JSON editor shows the finding with its line", async ({ page }) => {
  await signIn(page, "editor", `/${account}/roles/Get-pics/inline`);
  await page.getByRole("tab", { name: "JSON" }).click();
  await replaceEditorText(page, '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject"\n      "Resource": "*"\n    }\n  ]\n}');
  const findings = page.getByRole("list", { name: "Findings", exact: true });
  await expect(findings).toContainText("Ln 7, Col 7");
  await expect(findings).toContainText("JSON_SYNTAX");
  await expect(page.getByRole("list", { name: "Findings by severity" })).toContainText("1 error");
  await expect(page.locator(".cm-lint-marker-error")).toBeVisible();
  await page.getByRole("tab", { name: "Visual" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "visual editor" })).toContainText("line 7");
});

test("narrowing Get-pics's photos to one photo is no new access; widening to every resource names the action and resource", async ({ page }) => {
  await signIn(page, "editor", `/${account}/roles/Get-pics/inline/ReadPhotosBucket`);
  await page.getByRole("tab", { name: "JSON" }).click();
  const saved = JSON.parse(await editorText(page));
  const withRead = (resource: string) => ({ ...saved, Statement: saved.Statement.map((s: { Sid?: string }) => (s.Sid === "ReadPhotos" ? { ...s, Resource: resource } : s)) });
  const verdict = page.getByTestId("grants-verdict");

  await replaceEditorText(page, JSON.stringify(withRead("arn:aws:s3:::amzn-s3-demo-bucket-photos/cat.jpg"), null, 2));
  await expect(verdict).toHaveText("No new access: this change keeps or narrows access.");

  await replaceEditorText(page, JSON.stringify(withRead("*"), null, 2));
  await expect(verdict).toHaveText("Yes — this change newly allows 1 action: s3:GetObject on *.");
});

test("a managed policy's new version speaks of the policy, not of a role it is not", async ({ page }) => {
  // ConsoleLaunchWithAnyRole is attached to a user: no role is in the picture.
  await signIn(page, "editor", `/${account}/policies/${encodeURIComponent(`arn:aws:iam::${account}:policy/ConsoleLaunchWithAnyRole`)}/new-version`);
  const summary = page.getByRole("region", { name: "Policy summary: saved and draft" });
  await expect(summary).toContainText("of this policy on its own");
  await expect(summary).not.toContainText("as the role would have it");
  await expect(page.getByText("Every resource these actions act on, in any account.")).toBeVisible();
  await expect(page.getByText("this role can reach")).toHaveCount(0);
});

test("a sixth version of a customer-managed policy is refused with LimitExceeded", async ({ page }) => {
  await signIn(page, "editor", `/${account}/policies`);
  await page.getByRole("link", { name: "LaunchWithGetPicsOnly", exact: true }).click();
  await expect(page).toHaveURL(/\/policies\/arn/);
  const policyUrl = page.url();
  for (let version = 2; version <= 5; version++) {
    await page.getByRole("link", { name: "Create version" }).click();
    await page.getByRole("button", { name: "Save as new version" }).click();
    await expect(page).toHaveURL(policyUrl);
    await expect(page.getByRole("heading", { name: `Versions (${version} of 5)` })).toBeVisible();
  }
  await page.getByRole("link", { name: "Create version" }).click();
  await page.getByRole("button", { name: "Save as new version" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "LimitExceeded" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("A managed policy can have up to 5 versions");
});

test("saving over a newer version is refused with both versions shown", async ({ browser }) => {
  const first = await browser.newPage();
  await signIn(first, "editor", `/${account}/roles/abcd/trust`);
  const second = await browser.newPage();
  await signIn(second, "editor", `/${account}/roles/abcd/trust`);

  await first.getByRole("tab", { name: "JSON" }).click();
  const original = JSON.parse(await editorText(first));
  const theirs = structuredClone(original);
  theirs.Statement[0].Action = ["sts:AssumeRole"];
  await replaceEditorText(first, JSON.stringify(theirs, null, 2));
  await first.getByRole("button", { name: "Save trust policy" }).click();
  await expect(first).toHaveURL(new RegExp(`/${account}/roles/abcd$`));

  await second.getByRole("tab", { name: "JSON" }).click();
  const mine = structuredClone(original);
  mine.Statement[0].Action = ["sts:AssumeRole", "sts:TagSession"];
  await replaceEditorText(second, JSON.stringify(mine, null, 2));
  await second.getByRole("button", { name: "Save trust policy" }).click();
  const alert = second.getByRole("alert").filter({ hasText: "Conflict" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("was changed by someone else");
  await expect(alert).toContainText("Your version");
  await expect(alert).toContainText("sts:TagSession");
  await expect(alert).toContainText("Saved now");
});
