import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, type ConsoleRoleName } from "./sign-in";

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
function urlOf(file: string): string {
  const segments = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return "/" + segments.map((s) => (s.startsWith("[") ? (sample[s.slice(1, -1)] ?? "x") : s)).join("/");
}

const appFiles = walk(path.join(root, "app"));
const publicPages = new Set(["/sign-in", "/forbidden"]);
const pages = appFiles.filter((f) => f.endsWith(`${path.sep}page.tsx`)).map(urlOf).filter((u) => !publicPages.has(u));
const routes = appFiles
  .filter((f) => f.endsWith(`${path.sep}route.ts`))
  .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => ({ method: m[1], url: urlOf(f) })));

type DeclaredAction = { file: string; exportName: string; name: string; permission: string };

/** Every export of every "use server" module, with the permission its definition declares. */
function declaredActions(): DeclaredAction[] {
  const files = [...walk(path.join(root, "app")), ...walk(path.join(root, "components"))].filter((f) => /\.tsx?$/.test(f) && /^\s*["']use server["'];?/.test(readFileSync(f, "utf8")));
  return files.flatMap((file) => {
    const text = readFileSync(file, "utf8");
    const exports = [...text.matchAll(/^export\s+(?:const|let|var|async\s+function|function)\s+(\w+)/gm)].map((m) => m[1]);
    return exports.map((exportName) => {
      const definition = new RegExp(`export const ${exportName} = (defineAction|definePublicAction)\\(\\{\\s*name: "(\\w+)",\\s*(?:permission: "(\\w+)")?`).exec(text);
      return { file: path.relative(root, file), exportName, name: definition?.[2] ?? "", permission: definition ? (definition[1] === "definePublicAction" ? "public" : (definition[3] ?? "")) : "" };
    });
  });
}

test("every server action is defined through the action client with a declared permission", () => {
  const actions = declaredActions();
  expect(actions.length).toBeGreaterThan(3);
  for (const action of actions) {
    expect(action.permission, `${action.file}: ${action.exportName} must be defineAction({ name, permission, … })`).toMatch(/^(read|simulate|edit|admin|public)$/);
  }
  // Only signing in may be called without a session.
  expect(actions.filter((a) => a.permission === "public").map((a) => a.name)).toEqual(["signIn"]);
});

test("every page and route handler refuses an anonymous caller, and a forged session cookie", async ({ playwright, baseURL }) => {
  expect(pages.length).toBeGreaterThan(10);
  for (const cookie of [undefined, "roleplay_session=forged-token"]) {
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });
    for (const url of pages) {
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

async function callAction(request: APIRequestContext, action: ManifestAction) {
  const response = await request.post(action.page, { headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" }, data: JSON.stringify([{}]), maxRedirects: 0 });
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

const stronger: Record<ConsoleRoleName, string[]> = { viewer: ["edit", "admin"], editor: ["admin"], trainee: ["admin"], admin: [] };

for (const role of ["viewer", "editor", "trainee"] as const) {
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
      await expect(page.getByRole("heading", { name: "Your console role may not administer the console" })).toBeVisible();
    }
    await page.goto("/111111111111");
    await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();
    await expect(page.getByRole("link", { name: "People" })).toHaveCount(0);
    expect((await page.request.get("/api/workspace/export")).status()).toBe(403);
  });
}

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
