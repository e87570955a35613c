import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { expect, test, type Page } from "@playwright/test";
import { fromInstanceMetadata } from "@smithy/credential-provider-imds";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { signIn } from "./sign-in";

// What new users tripped over (issue 18), each as a browser flow on the demo workspace.

const a = "111111111111";
const root = process.cwd();

test("the trust editor flags an empty Statement before saving, in the words the save would use", async ({ page }) => {
  await signIn(page, "editor", "/222222222222/roles/efgh/trust");
  await page.getByRole("button", { name: "Remove statement 1" }).click();
  await expect(page.getByRole("list", { name: "Findings by severity" })).toContainText("1 error");
  const findings = page.getByLabel("Findings of the visual editor");
  await expect(findings).toContainText("Statement must not be empty");
  await expect(findings).toContainText("EMPTY_STATEMENT");
  await expect(page.getByText("No statements: AWS refuses a trust policy without one.")).toBeVisible();
  // Nothing was saved: the role still trusts abcd.
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "efgh" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Trust policy" })).toContainText("arn:aws:iam::111111111111:role/abcd");
});

test("/ opens the demo's first account, then the account last chosen in the switcher", async ({ page }) => {
  await signIn(page, "editor");
  await expect(page).toHaveURL(new RegExp(`/${a}$`));
  await page.getByRole("combobox", { name: "Account" }).selectOption("222222222222");
  await expect(page).toHaveURL(/\/222222222222$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/222222222222$/);
  await page.getByRole("combobox", { name: "Account" }).selectOption(a);
  await expect(page).toHaveURL(new RegExp(`/${a}$`));
  await page.goto("/");
  await expect(page).toHaveURL(new RegExp(`/${a}$`));
});

async function launch(page: Page, name: string) {
  await page.goto(`/${a}/instances`);
  const form = page.getByRole("form", { name: "Launch an instance" });
  await form.getByLabel("Name tag").fill(name);
  await form.getByLabel("Instance profile (IAM role)").selectOption("Get-pics");
  await form.getByRole("button", { name: "Launch instance" }).click();
  await expect(page).toHaveURL(new RegExp(`/${a}/instances/i-[0-9a-f]{17}$`));
}

test("a new instance: what it can do first, a section index, and credentials not yet requested — on its page and in the list", async ({ page }) => {
  await signIn(page, "editor");
  await launch(page, "first-use-box");
  const index = page.getByRole("navigation", { name: "Sections of this instance's page" });
  await expect(index.getByRole("link")).toHaveText(["What it can do", "Identity", "Assume role", "Operate", "Credentials and metadata", "Configuration"]);
  // The answer to "what can this app do" comes before everything else.
  const headings = await page.getByRole("heading", { level: 2 }).allTextContents();
  expect(headings[0]).toBe("What the application on this instance can do");
  const timeline = page.getByRole("region", { name: "Credential timeline" });
  await expect(timeline).toContainText("No application has asked yet");
  await expect(timeline.getByRole("row").filter({ hasText: "(next set)" })).toHaveCount(0);
  await index.getByRole("link", { name: "Configuration" }).click();
  await expect(page.getByRole("region", { name: "Details" })).toBeInViewport();

  await page.goto(`/${a}/instances`);
  await expect(page.getByRole("row").filter({ hasText: "first-use-box" })).toContainText("not yet requested");
  await page.getByRole("link", { name: "first-use-box" }).first().click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("region", { name: "Operate this instance" }).getByRole("button", { name: "Terminate" }).click();
  await expect(page.getByRole("region", { name: "Operate this instance" }).getByRole("status")).toContainText("Terminated");
});

test("the wizard: no error for an inline policy left empty, Sid placeholders per statement, the ARN preview takes this account, findings listed", async ({ page }) => {
  await signIn(page, "editor", `/${a}/roles/new`);
  await page.getByRole("button", { name: "Next: permissions" }).click();
  await expect(page.getByText("No statements: the role gets no inline policy.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Findings by severity" }).first()).toContainText("0 errors");

  await page.getByRole("button", { name: "+ Add statement" }).click();
  const sid = page.getByRole("textbox", { name: "Sid (optional statement id)" });
  await expect(sid).toHaveAttribute("placeholder", "AllowStatement1");
  await page.getByRole("combobox", { name: "Service" }).fill("dynamodb");
  await page.getByRole("option").filter({ hasText: "dynamodb" }).first().getByRole("button").click();
  await page.getByRole("searchbox", { name: "Filter actions" }).fill("GetItem");
  await page.getByLabel("GetItem", { exact: true }).check();
  await expect(sid).toHaveAttribute("placeholder", "AllowDynamodbGetItem");
  await page.getByRole("button", { name: "Add table ARN" }).click();
  await expect(page.getByRole("textbox", { name: "Account", exact: true })).toHaveAttribute("placeholder", `${a} (this account)`);
  await expect(page.getByTestId("arn-preview")).toHaveText(`arn:aws:dynamodb:*:${a}:table/*`);
  await page.getByLabel("TableName").fill("orders");
  await expect(page.getByTestId("arn-preview")).toHaveText(`arn:aws:dynamodb:*:${a}:table/orders`);
  await page.getByRole("button", { name: "Add ARN", exact: true }).click();

  // Every finding the badges count is listed under the visual editor.
  const counts = (await page.getByRole("list", { name: "Findings by severity" }).first().allInnerTexts()).join(" ");
  const total = [...counts.matchAll(/(\d+) /g)].reduce((sum, m) => sum + Number(m[1]), 0);
  if (total > 0) await expect(page.getByLabel("Findings of the visual editor").getByRole("listitem")).toHaveCount(total);
});

test("the audit log names entities and links them to their pages", async ({ page }) => {
  await signIn(page, "viewer", `/${a}/audit?entityType=Role`);
  const entries = page.getByRole("list", { name: "Audit entries, newest first" });
  const getPics = entries.getByRole("link", { name: "Get-pics", exact: true }).first();
  await expect(getPics).toHaveAttribute("href", `/w/demo/${a}/roles/Get-pics`);
  await expect(entries).not.toContainText(/Role AROA/);
  await getPics.click();
  await expect(page.getByRole("heading", { level: 1, name: "Get-pics" })).toBeVisible();
});

test("the audit log says what each entity is in words, by name, without database keys or ids said twice; its filter keeps one line at 1280", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await signIn(page, "viewer", `/${a}/audit?entityType=EcsCluster`);
  const entries = page.getByRole("list", { name: "Audit entries, newest first" });
  // The entry's line (its before and after are below it, folded): the cluster's id is a cuid of the console's database, nothing a person looks up.
  const line = entries.getByRole("listitem").first().locator(":scope > div").first();
  await expect(line).toContainText("ECS cluster photos-cluster");
  await expect(line.locator(".font-mono")).toHaveCount(0);
  await page.goto(`/${a}/audit?entityType=EcsTask`);
  await expect(entries).toContainText("ECS task photos-thumbnailer:3");
  await expect(entries).not.toContainText("EcsTask");
  await expect(page.getByLabel("Entity").locator("option:checked")).toHaveText("ECS task");
  await page.goto(`/${a}/audit?entityType=Account`);
  await expect(line).toContainText("account Photos (production)");
  // The account's id once, beside its name, not inside it too.
  expect((await line.innerText()).split(a).length - 1).toBe(1);
  const filter = page.getByRole("form", { name: "Filter the audit log" });
  const [button, clear] = [await filter.getByRole("button", { name: "Filter" }).boundingBox(), await filter.getByRole("link", { name: "Clear" }).boundingBox()];
  expect(Math.abs(button!.y + button!.height / 2 - (clear!.y + clear!.height / 2))).toBeLessThan(4);
  expect(clear!.height).toBeLessThan(40);
});

/** Starts `roleplay <args>` on the browser tests' database and waits for its first line. */
function startEmulator(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, "bin", "roleplay.mjs"), ...args, "--port", "0", "--quiet"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path.join(root, "data", "e2e.db")}` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve) => createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, url: /^listening on (\S+)$/.exec(line)![1] })));
}

test("a role assumed through STS is used by its caller: the role page says so instead of 'used by nothing yet'", async ({ page }) => {
  await signIn(page, "viewer", "/222222222222/roles/efgh");
  const flow = page.getByRole("region", { name: "How this role reaches code" });
  await expect(flow).toContainText("used by nothing yet");

  const [imds, sts] = await Promise.all([startEmulator(["imds", "--instance", "cross-account-app"]), startEmulator(["sts"])]);
  try {
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = imds.url;
    const credentials = await fromInstanceMetadata({ ec2MetadataV1Disabled: true, timeout: 5000, maxRetries: 0 })();
    delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    const client = new STSClient({ region: "us-east-1", endpoint: sts.url, credentials, maxAttempts: 1 });
    await client.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::222222222222:role/efgh", RoleSessionName: "partner" }));
  } finally {
    imds.child.kill("SIGTERM");
    sts.child.kill("SIGTERM");
  }
  await page.reload();
  await expect(flow).not.toContainText("used by nothing yet");
  await expect(flow).toContainText(/111111111111:assumed-role\/abcd\/i-[0-9a-f]{17}/);
  await expect(flow).toContainText("AssumeRole · 1 active session");
});

test("at 900 px of height the administrator's Sign out is in view on the longest page", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, "admin", `/${a}/audit`);
  const signOut = page.getByRole("button", { name: "Sign out" });
  await expect(signOut).toBeInViewport();
  await page.mouse.wheel(0, 3000);
  await expect(signOut).toBeInViewport();
});
