import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "@playwright/test";
import { signIn } from "./sign-in";

// The instance page's metadata browser and credential timeline, and the role sessions page, on the
// browser tests' own database, with `roleplay imds` serving photos-app beside the console.

const root = process.cwd();
let imds: ChildProcess | undefined;
let imdsUrl = "";

test.beforeAll(async () => {
  imds = spawn(process.execPath, [path.join(root, "bin", "roleplay.mjs"), "imds", "--instance", "photos-app", "--port", "0"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${path.join(root, "data", "e2e.db")}` },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: imds!.stdout! }).once("line", resolve));
  imdsUrl = /^listening on (http:\/\/\S+)$/.exec(line)![1];
});

test.afterAll(() => {
  imds?.kill("SIGTERM");
});

async function fetchCredentials(): Promise<{ AccessKeyId: string }> {
  const token = await (await fetch(`${imdsUrl}/latest/api/token`, { method: "PUT", headers: { "X-aws-ec2-metadata-token-ttl-seconds": "60" } })).text();
  const reply = await fetch(`${imdsUrl}/latest/meta-data/iam/security-credentials/Get-pics`, { headers: { "X-aws-ec2-metadata-token": token } });
  return reply.json();
}

test("photos-app's metadata browser explains v1 vs v2 and shows each path's answer", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/111111111111/instances");
  await page.getByRole("link", { name: "photos-app" }).first().click();
  const browser = page.getByRole("region", { name: "Metadata browser" });
  await expect(browser.getByTestId("token-rule")).toContainText("HttpTokens=required (IMDSv2 only)");
  const paths = browser.getByRole("list", { name: "Instance metadata paths" });
  const instanceId = paths.getByRole("listitem").filter({ hasText: "/latest/meta-data/instance-id" });
  await expect(instanceId).toContainText("v1 401");
  await expect(instanceId).toContainText("v2 200");
  await instanceId.locator("summary").click();
  await expect(instanceId).toContainText(/i-[0-9a-f]{17}/);
  const roleName = paths.getByRole("listitem").filter({ hasText: "/latest/meta-data/iam/security-credentials/" }).first();
  await roleName.locator("summary").click();
  await expect(roleName.locator("pre").last()).toHaveText("Get-pics");
  const run = page.getByRole("region", { name: "Run your code on this instance" });
  await expect(run).toContainText("npx roleplay imds --instance photos-app --port 1338");
  await expect(run).toContainText("AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:1338");
});

test("the credential timeline shows the set the instance was served, and the next ones", async ({ page }) => {
  const creds = await fetchCredentials();
  expect(creds.AccessKeyId).toMatch(/^ASIA/);
  await signIn(page, "viewer");
  await page.goto("/111111111111/instances");
  await page.getByRole("link", { name: "photos-app" }).first().click();
  const timeline = page.getByRole("region", { name: "Credential timeline" });
  const row = timeline.getByRole("row").filter({ hasText: creds.AccessKeyId });
  await expect(row).toContainText("served");
  await expect(timeline.getByRole("row").filter({ hasText: "(next set)" })).toHaveCount(2);
  // The served credentials' secret never reaches the page.
  await expect(page.getByRole("region", { name: "Metadata browser" })).toContainText("served only to the instance");
});

test("an editor moves the workspace clock, and the sessions page lists the instance's session", async ({ page }) => {
  const creds = await fetchCredentials();
  await signIn(page, "editor");
  await page.goto("/111111111111/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Role sessions" })).toBeVisible();
  const sessions = page.getByRole("region", { name: /Active sessions/ });
  await expect(sessions.getByRole("row").filter({ hasText: creds.AccessKeyId })).toContainText(/arn:aws:sts::111111111111:assumed-role\/Get-pics\/i-[0-9a-f]{17}/);
  const clock = page.getByTestId("workspace-clock");
  const before = Date.parse((await clock.getAttribute("datetime"))!);
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Resume" })).toBeVisible();
  await page.getByRole("button", { name: "+1 h" }).click();
  await expect.poll(async () => Date.parse((await clock.getAttribute("datetime"))!) - before).toBeGreaterThanOrEqual(3600_000);
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeVisible();
});
