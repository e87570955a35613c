import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, type ConsoleRoleName } from "./sign-in";
import { otherWorkspace as zebra } from "./other-workspace.mjs";

// Every route and every server action, derived from the code, refuses whoever may not use it.

const root = process.cwd();
const sample: Record<string, string> = { account: "111111111111", name: "Get-pics", area: "roles", id: "i-0000000000000000a", arn: encodeURIComponent("arn:aws:iam::aws:policy/ReadOnlyAccess") };

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** A URL for an app/ file's route: route groups dropped, dynamic segments filled with sample values. */
function urlOf(file: string, values: Record<string, string> = sample): string {
  const segments = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return "/" + segments.map((s, i) => (s.startsWith("[") ? (values[`${segments[i - 1]}/${s.slice(1, -1)}`] ?? values[s.slice(1, -1)] ?? "x") : s)).join("/");
}

const appFiles = walk(path.join(root, "app"));
const publicPages = new Set(["/sign-in", "/forbidden"]);
const pages = appFiles.filter((f) => f.endsWith(`${path.sep}page.tsx`)).map((f) => urlOf(f)).filter((u) => !publicPages.has(u));
const routes = appFiles
  .filter((f) => f.endsWith(`${path.sep}route.ts`))
  .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({ method: m[1], url: urlOf(f) })));

type DeclaredAction = { file: string; exportName: string; name: string; permission: string; scope: "workspace" | "console" };

/** Every export of every "use server" module, with the permission its definition declares. */
function declaredActions(): DeclaredAction[] {
  const files = [...walk(path.join(root, "app")), ...walk(path.join(root, "components"))].filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["'];?/.test(readFileSync(f, "utf8")));
  return files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const exports = [...text.matchAll(/^export\s+(?:const|let|var|async\s+function|function)\s+(\w+)/gm)].map((m) => m[1]);
    return exports.map((exportName) => {
      const definition = new RegExp(`export const ${exportName} = (defineAction|definePublicAction)\\(\\{\\s*name: "(\\w+)",\\s*(?:permission: "(\\w+)")?`).exec(text);
      const head = definition ? text.slice(definition.index, definition.index + 600) : "";
      const scope = /\bscope: "console"/.test(head.split(/\bhandler\b/)[0]) ? ("console" as const) : ("workspace" as const);
      return { file: path.relative(root, file), exportName, name: definition?.[2] ?? "", permission: definition ? (definition[1] === "definePublicAction" ? "public" : (definition[3] ?? "")) : "", scope };
    });
  });
}

test("every server action is defined through the action client with a declared permission", () => {
  const actions = declaredActions();
  expect(actions.length).toBeGreaterThan(3);
  for (const action of actions) {
    expect(action.permission, `${action.file}: ${action.exportName} must be defineAction({ name, permission, … })`).toMatch(/^(read|simulate|edit|import|admin|classroom|public)$/);
  }
  // Only signing in may be called without a session.
  expect(actions.filter((a) => a.permission === "public").map((a) => a.name)).toEqual(["signIn"]);
});

test("every page and route handler refuses an anonymous caller, and a forged session cookie", async ({ playwright, baseURL }) => {
  expect(pages.length).toBeGreaterThan(10);
  for (const cookie of [undefined, "roleplay_session=forged-token"]) {
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
    // Each page at its workspace URL (/w/demo/…): an account path without one only moves there first.
    for (const url of pages.map((p) => (/^\/\d{12}/.test(p) ? `/w/demo${p}` : p))) {
      const response = await request.get(url, { maxRedirects: 0 });
      expect([307, 308], `${url} (${cookie ?? "no cookie"})`).toContain(response.status());
      expect(response.headers().location, url).toMatch(/\/sign-in/);
    }
    for (const route of routes) {
      const response = await request.fetch(route.url, { method: route.method, maxRedirects: 0 });
      expect(response.status(), `${route.method} ${route.url}`).toBe(401);
    }
    await request.dispose();
  }
});

type ManifestAction = { id: string; filename: string; exportedName: string; page: string };

function builtActions(): ManifestAction[] {
  const manifest = JSON.parse(readFileSync(path.join(root, ".next/server/server-reference-manifest.json"), "utf8")) as { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };
  return Object.entries(manifest.node).map(([id, entry]) => {
    // Post to the simplest page that carries the action.
    const page = Object.keys(entry.workers).sort((a, b) => a.split("[").length - b.split("[").length || a.length - b.length)[0];
    return { id, filename: entry.filename, exportedName: entry.exportedName, page: urlOf(path.join(root, `${page}.tsx`)) };
  });
}

async function callAction(request: APIRequestContext, action: ManifestAction, input: unknown = {}, workspacePrefix = "") {
  const response = await request.post(workspacePrefix + action.page, { headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, data: JSON.stringify([input]), maxRedirects: 0 });
  return { status: response.status(), body: await response.text() };
}

test("every built server action refuses an anonymous caller", async ({ playwright, baseURL }) => {
  const actions = builtActions();
  const declared = declaredActions();
  for (const action of actions) {
    expect(declared.some((d) => d.file === action.filename && d.exportName === action.exportedName), `${action.filename}#${action.exportedName} is declared`).toBe(true);
  }
  for (const cookie of [undefined, "roleplay_session=forged-token"]) {
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
    for (const action of actions.filter((a) => !declared.some((d) => d.exportName === a.exportedName && d.permission === "public"))) {
      const { status, body } = await callAction(request, action);
      if (cookie) expect(body, `${action.exportedName} with a forged cookie`).toContain('"code":"Unauthenticated"');
      else expect(status, `${action.exportedName} anonymous`).toBe(401);
    }
    await request.dispose();
  }
});

const stronger: Record<ConsoleRoleName, string[]> = { viewer: ["edit", "import", "admin", "classroom"], editor: ["admin", "classroom"], trainer: ["admin"], trainee: ["admin", "classroom"], admin: [] };

for (const role of ["viewer", "editor", "trainer", "trainee"] as const) {
  test(`a ${role} can perform no action that needs ${stronger[role].join(" or ")}, and sees no admin page`, async ({ page }) => {
    await signIn(page, role);
    const declared = declaredActions();
    const refused = builtActions().filter((a) => stronger[role].includes(declared.find((d) => d.file === a.filename && d.exportName === a.exportedName)?.permission ?? ""));
    expect(refused.length).toBeGreaterThan(0);
    for (const action of refused) {
      const { body } = await callAction(page.request, action);
      expect(body, `${action.exportedName} as ${role}`).toContain('"code":"AccessDenied"');
    }
    for (const url of ["/111111111111/people", "/111111111111/backup"]) {
      await page.goto(url);
      await expect(page, url).toHaveURL(/\/forbidden\?need=admin/);
      await expect(page.getByRole("heading", { name: "You need the admin console role to administer the console" })).toBeVisible();
    }
    // The classroom's pages and routes: trainers (and administrators) only.
    const runsClassroom = !stronger[role].includes("classroom");
    for (const url of ["/111111111111/workspaces", "/111111111111/workspaces/progress"]) {
      await page.goto(url);
      if (runsClassroom) await expect(page, url).not.toHaveURL(/\/forbidden/);
      else await expect(page, url).toHaveURL(/\/forbidden\?need=classroom/);
    }
    expect((await page.request.get("/api/classroom/progress?lab=trust-nobody")).status()).toBe(runsClassroom ? 200 : 403);
    await page.goto("/111111111111");
    await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Workspaces" })).toHaveCount(runsClassroom ? 1 : 0);
    expect((await page.request.get("/api/workspace/export")).status()).toBe(403);
  });
}

test("a body over 1 MB is refused before it is read, unless its sender may upload into that workspace", async ({ browser }) => {
  const importAction = builtActions().find((a) => a.exportedName === "importAuthorizationDetailsAction")!;
  const big = JSON.stringify([{ files: ["x".repeat(2 * 1024 * 1024)] }]);
  const send = async (role: ConsoleRoleName, workspace: string) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, role);
    const response = await page.request.post(`/w/${workspace}/111111111111/review/import`, { headers: { "next-action": importAction.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, data: big, maxRedirects: 0 });
    const result = { status: response.status(), body: await response.text() };
    await context.close();
    return result;
  };
  const viewer = await send("viewer", "demo");
  expect(viewer.status).toBe(413);
  expect(JSON.parse(viewer.body)).toMatchObject({ code: "RequestEntityTooLarge", message: expect.stringContaining("your console role (viewer) may not make") });
  const trainee = await send("trainee", zebra.workspaceId);
  expect(trainee.status).toBe(413);
  expect(trainee.body).toContain(`You may not upload into workspace ${zebra.workspaceId}.`);
  // An editor's upload reaches the action, which judges its content.
  expect((await send("editor", "demo")).status).not.toBe(413);
});

test("pages carry a strict Content Security Policy that the console actually passes", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await signIn(page, "admin");
  const response = await page.goto("/111111111111/roles/Get-pics");
  const csp = response!.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(response!.headers()["x-frame-options"]).toBe("DENY");
  for (const url of ["/111111111111", "/111111111111/roles", "/111111111111/audit", "/111111111111/people", "/111111111111/instances"]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
  }
  await page.getByRole("link", { name: "Roles" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  expect(violations).toEqual([]);
});

// A trainee confined to the demo workspace, against the other workspace of the e2e database
// (tests/e2e/other-workspace.mjs): every refused page, route and action answers without a trace of
// it, and nothing of it changes. Pages are read as browsers read them: the HTML, and the RSC payload
// of client navigations, where a page's data streams even when its layout says 404.
test.describe("a trainee confined to one workspace", () => {
  const zebraPolicyArn = `arn:aws:iam::${zebra.account}:policy/${zebra.managedPolicy}`;
  const zebraRoleArn = `arn:aws:iam::${zebra.account}:role/${zebra.role}`;
  const areas = ["roles", "users", "groups", "policies", "instance-profiles", "instances", "buckets", "ecs-tasks"];
  // The other workspace is a file of its own, reached under its URL prefix; asked from the
  // trainee's demo workspace its account does not exist at all.
  const inZebra = `/w/${zebra.workspaceId}`;

  /** The other workspace as an administrator sees it: every name and id it holds. */
  async function zebraAsAdmin(request: APIRequestContext) {
    const lists: Record<string, { id?: string; name?: string | null }[]> = {};
    for (const area of areas) {
      const response = await request.get(`${inZebra}/api/accounts/${zebra.account}/${area}`);
      expect(response.status(), area).toBe(200);
      lists[area] = await response.json();
    }
    return { lists };
  }

  function secretsOf(lists: Record<string, { id?: string; name?: string | null }[]>): string[] {
    const secrets = new Set<string>([zebra.workspaceName, zebra.accountName, zebra.role, zebra.roleId, zebra.roleDescription, zebra.inlinePolicy, zebra.managedPolicy, zebra.user, zebra.group, zebra.bucket, zebra.instance, "zebra-team-okapi", ...zebra.policySnippets]);
    for (const rows of Object.values(lists)) for (const row of rows) for (const value of [row.id, row.name]) if (value && value.length >= 6) secrets.add(value);
    return [...secrets];
  }

  /** Fails on any secret in `body`, except those the request itself named (a URL's segments come back in titles and links). */
  function expectNoSecret(body: string, secrets: string[], what: string) {
    const asked = decodeURIComponent(what);
    const found = secrets.filter((secret) => body.includes(secret) && !asked.includes(secret));
    expect(found, `${what} shows the other workspace's ${found.join(", ")}`).toEqual([]);
  }

  test("sees nothing of another workspace in any page, route or action, and changes nothing there", async ({ page, browser }) => {
    test.setTimeout(240_000);
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await signIn(admin, "admin");
    const before = await zebraAsAdmin(admin.request);
    expect(before.lists.roles.map((r) => r.name)).toContain(zebra.role);
    expect(before.lists.instances.map((i) => i.name)).toContain(zebra.instance);
    const zebraInstance = before.lists.instances[0].id!;
    const secrets = secretsOf(before.lists);

    await signIn(page, "trainee");
    const request = page.request;
    expect((await page.getByRole("combobox", { name: "Account" }).locator("option").allTextContents()).join(" ")).not.toContain(zebra.accountName);
    const photosApp = ((await (await request.get("/api/accounts/111111111111/instances")).json()) as { id: string; name: string }[]).find((i) => i.name === "photos-app")!;

    // Every page, in the other workspace's account (refused) and in the trainee's own (allowed).
    const zebraValues: Record<string, string> = {
      account: zebra.account,
      "roles/name": zebra.role,
      "users/name": zebra.user,
      "groups/name": zebra.group,
      "buckets/name": zebra.bucket,
      "instance-profiles/name": zebra.role,
      "instances/id": zebraInstance,
      id: zebraInstance,
      arn: encodeURIComponent(zebraPolicyArn),
      policy: zebra.inlinePolicy,
      area: "roles",
    };
    const pageFiles = appFiles.filter((f) => f.endsWith(`${path.sep}page.tsx`) && f.includes(`${path.sep}[account]${path.sep}`));
    const zebraPaths = [...pageFiles.map((f) => urlOf(f, zebraValues)), `/${zebra.account}/audit?scope=all`, `/${zebra.account}/roles/${zebra.role}?created=1`];
    const refusedUrls = zebraPaths.flatMap((p) => [`${inZebra}${p}`, `/w/demo${p}`, `${inZebra}${p.replace(`/${zebra.account}`, "/111111111111")}`]);
    for (const url of refusedUrls) {
      const html = await request.get(url, { maxRedirects: 0 });
      expect([404, 307], `${url} answered ${html.status()}`).toContain(html.status());
      if (html.status() === 307) expect(html.headers().location, url).toMatch(/\/forbidden\?need=(admin|classroom)/);
      expectNoSecret(await html.text(), secrets, url);
      // Next sends RSC requests on to a cache-busting ?_rsc URL first: follow it.
      const rsc = await request.get(url, { headers: { rsc: "1" } });
      // An RSC answer is 200 with the 404 (or the redirect) inside the payload.
      const rscBody = await rsc.text();
      expect(rscBody, `${url} (RSC)`).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404|\/forbidden\?need=(admin|classroom)/);
      expectNoSecret(rscBody, secrets, `${url} (RSC)`);
    }
    const ownUrls = [...pageFiles.map((f) => urlOf(f, { ...sample, "instances/id": photosApp.id, id: photosApp.id })), "/111111111111/audit?scope=all", "/111111111111/audit?scope=all&entityType=Role", "/111111111111/audit?scope=all&actor=e2e%20seed", "/"];
    for (const url of ownUrls) {
      for (const headers of [{}, { rsc: "1" }] as Record<string, string>[]) {
        const response = await request.get(url, { headers });
        expectNoSecret(await response.text(), secrets, `${url} ${JSON.stringify(headers)}`);
      }
    }

    // Every route of the other workspace's account, and the simulate route asked about its principal.
    for (const route of routes.filter((r) => r.url.includes(`/${sample.account}`))) {
      for (const url of [`${inZebra}${route.url.replace(`/${sample.account}`, `/${zebra.account}`)}`, `${inZebra}${route.url}`]) {
      const response = await request.fetch(url, { method: route.method, data: route.method === "GET" ? undefined : {}, maxRedirects: 0 });
      expect(response.status(), `${route.method} ${url}`).toBe(403);
      expectNoSecret(await response.text(), secrets, `${route.method} ${url}`);
      }
    }
    for (const body of [
      { principalArn: zebraRoleArn, action: "s3:GetObject", resource: `arn:aws:s3:::${zebra.bucket}/x` },
      { principalArn: "arn:aws:iam::111111111111:role/Get-pics", action: "sts:AssumeRole", resource: zebraRoleArn },
    ]) {
      const response = await request.post(`${inZebra}/api/accounts/111111111111/simulate`, { data: body });
      expect(response.status(), JSON.stringify(body)).toBe(403);
      expectNoSecret(await response.text(), secrets, `simulate ${JSON.stringify(body)}`);
    }

    // Every server action, given the other workspace's account, entities and ARNs.
    const zebraWorkload = { kind: "instance", accountId: zebra.account, instanceId: zebraInstance };
    const generic = {
      accountId: zebra.account,
      actingAs: zebraRoleArn,
      roleName: zebra.role,
      policyArn: zebraPolicyArn,
      instanceId: zebraInstance,
      instanceProfile: zebra.role,
      instanceProfileName: zebra.role,
      workload: zebraWorkload,
      roleArn: zebraRoleArn,
      action: "s3:GetObject",
      resource: "*",
      actions: ["s3:GetObject"],
      resources: ["*"],
    };
    const actions = builtActions();
    const declared = declaredActions();
    // Signing out is the one action that concerns no account (and would end this session).
    const aboutAccounts = actions.filter((a) => !["public", undefined].includes(declared.find((d) => d.file === a.filename && d.exportName === a.exportedName)?.permission) && a.exportedName !== "signOutAction");
    expect(aboutAccounts.length).toBeGreaterThan(20);
    for (const action of aboutAccounts) {
      const { body } = await callAction(request, action, generic, inZebra);
      expectNoSecret(body, secrets, action.exportedName);
      expect(body, `${action.exportedName} answers as a refusal`).toMatch(/"ok":false/);
      // Refused for the workspace before its input is judged: a malformed input is AccessDenied too.
      if (declared.find((d) => d.file === action.filename && d.exportName === action.exportedName)?.scope !== "console") {
        const malformed = await callAction(request, action, { nonsense: [1, 2, 3] }, inZebra);
        expect(malformed.body, `${action.exportedName} with a malformed input`).toContain('"code":"AccessDenied"');
      }
    }
    const byName = (name: string) => actions.find((a) => a.exportedName === name)!;
    const workloadQuestions: [string, unknown][] = [
      ["askWorkloadAction", { workload: zebraWorkload, action: "s3:GetObject", resource: `arn:aws:s3:::${zebra.bucket}/x` }],
      ["accessMatrixAction", { workload: zebraWorkload, actions: ["s3:GetObject"], resources: ["*"] }],
      ["previewAssumeRoleAction", { workload: zebraWorkload, roleArn: zebraRoleArn }],
      ["previewAssumeRoleAction", { workload: { kind: "instance", accountId: "111111111111", instanceId: photosApp.id }, roleArn: zebraRoleArn }],
      ["askWorkloadAction", { workload: { kind: "instance", accountId: "111111111111", instanceId: photosApp.id }, action: "s3:GetObject", resource: `arn:aws:iam::${zebra.account}:role/${zebra.role}` }],
    ];
    for (const [name, input] of workloadQuestions) {
      const { body } = await callAction(request, byName(name), input, inZebra);
      expect(body, `${name} ${JSON.stringify(input)}`).toContain('"code":"AccessDenied"');
      expectNoSecret(body, secrets, name);
    }

    // Nothing of the other workspace changed.
    expect(await zebraAsAdmin(admin.request)).toEqual(before);
    await adminContext.close();
  });
});
