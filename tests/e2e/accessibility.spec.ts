import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./sign-in";
import { auditAccessibility, countByRule, formatFindings, type AccessibilityFinding } from "./support/accessibility";

// Every page of the console, on the demo workspace, as an administrator (who sees every page):
// no finding of the rules axe rates serious or critical (see support/accessibility.ts).

const root = process.cwd();
const demoAccounts = ["111111111111", "222222222222"];
// Pages of one kind share their components: a few of each (per account) show what all look like,
// without walking every AWS managed policy.
const perRouteAndAccount = 6;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Every page route of the app, as written in app/ (route groups dropped): /[account]/roles/[name]. */
const pageRoutes = walk(path.join(root, "app"))
  .filter((f) => f.endsWith(`${path.sep}page.tsx`))
  .map((f) => "/" + path.relative(path.join(root, "app"), path.dirname(f)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s)).join("/"));

function routeMatcher(route: string): RegExp {
  return new RegExp(`^${route.replace(/\[[^/\]]+\]/g, "[^/]+")}$`);
}

/** The route a URL path belongs to, if it is one of the app's pages. */
function routeOf(pathname: string): string | undefined {
  // A static segment wins over a parameter: /roles/new is the new-role page, not a role called "new".
  return pageRoutes.filter((r) => routeMatcher(r).test(pathname)).sort((a, b) => a.split("[").length - b.split("[").length)[0];
}

/** A console path without its workspace prefix: /w/demo/111111111111/roles → /111111111111/roles. */
const withoutWorkspace = (pathname: string) => pathname.replace(/^\/w\/[^/]+(?=\/|$)/, "") || "/";

async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
  // Client parts show skeletons while their queries load.
  await expect(page.locator(".animate-pulse[aria-hidden]")).toHaveCount(0);
  await page.evaluate(() => document.fonts.ready);
}

test("every console page has no serious or critical accessibility finding", async ({ page }) => {
  test.setTimeout(15 * 60_000);
  const findingsByUrl = new Map<string, AccessibilityFinding[]>();
  const problems: string[] = [];
  const visitedRoutes = new Set<string>();

  async function audit(url: string) {
    const findings = await auditAccessibility(page);
    if (findings.length) findingsByUrl.set(url, findings);
  }

  // The pages one sees before signing in, and the refusal page.
  await page.goto("/sign-in");
  await settle(page);
  await audit("/sign-in");
  visitedRoutes.add("/sign-in");
  await signIn(page, "admin");

  // Start from every page whose only parameter is the account, then follow the links the pages
  // offer into the demo accounts: every role, policy, instance… that the workspace holds.
  const queue = demoAccounts.flatMap((account) => pageRoutes.filter((r) => r.startsWith("/[account]") && r.split("[").length === 2).map((r) => r.replace("[account]", account)));
  // The demo's own entities first, one of each kind, so that the per-kind limit below never
  // crowds them out (instance and task ids are generated: the lists lead to them).
  const main = `/${demoAccounts[0]}`;
  const customerPolicy = encodeURIComponent(`arn:aws:iam::${demoAccounts[0]}:policy/ConsoleLaunchWithAnyRole`);
  queue.push(
    `${main}/roles/Get-pics`,
    `${main}/roles/Get-pics/trust`,
    `${main}/roles/Get-pics/inline`,
    `${main}/roles/Get-pics/inline/ReadPhotosBucket`,
    `${main}/policies/${customerPolicy}`,
    `${main}/policies/${customerPolicy}/new-version`,
    `${main}/users/alice`,
    `${main}/groups/developers`,
    `${main}/instance-profiles/Get-pics`,
    `${main}/buckets/amzn-s3-demo-bucket-photos`,
    "/forbidden?need=admin",
  );
  const seen = new Set(queue.map((u) => u.split("?")[0]));
  const queuedPerRoute = new Map<string, number>();
  while (queue.length) {
    const url = queue.shift()!;
    await test.step(url, async () => {
      const response = await page.goto(url);
      if (!response || response.status() >= 400) {
        problems.push(`${url} answered ${response?.status()}`);
        return;
      }
      await settle(page);
      await audit(url);
      const route = routeOf(withoutWorkspace(new URL(page.url()).pathname));
      if (route) visitedRoutes.add(route);
      const links = await page.locator("a[href]").evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      for (const href of links) {
        const target = new URL(href);
        if (target.origin !== new URL(page.url()).origin) continue;
        // Console URLs carry their workspace (/w/demo/…); the crawl stays in the demo's.
        if (/^\/w\//.test(target.pathname) && !target.pathname.startsWith("/w/demo/")) continue;
        const pathname = withoutWorkspace(target.pathname);
        const linkRoute = routeOf(pathname);
        if (seen.has(pathname) || !linkRoute || !demoAccounts.includes(pathname.split("/")[1])) continue;
        const key = `${pathname.split("/")[1]} ${linkRoute}`;
        if ((queuedPerRoute.get(key) ?? 0) >= perRouteAndAccount) continue;
        queuedPerRoute.set(key, (queuedPerRoute.get(key) ?? 0) + 1);
        seen.add(pathname);
        queue.push(pathname);
      }
    });
  }

  const all = [...findingsByUrl.values()].flat();
  const summary = `${seen.size + 1} pages checked, ${all.length} findings ${JSON.stringify(countByRule(all))} on ${findingsByUrl.size} pages`;
  const report = [...findingsByUrl].map(([url, findings]) => `${url} — ${findings.length} findings\n${formatFindings(findings)}`).join("\n\n");
  console.log(`${summary}${report ? `\n\n${report}` : ""}`);

  // "/" only redirects to the first account once the workspace has one.
  // A fresh database has made no decision yet: the decision log has no entry to open.
  const decisions = (await (await page.request.get(`/api/accounts/${demoAccounts[0]}/decisions`)).json()) as unknown[];
  if (decisions.length === 0) test.info().annotations.push({ type: "not crawled", description: "/[account]/decisions/[id]: the decision log is empty" });
  const unvisited = pageRoutes.filter((r) => r !== "/" && !visitedRoutes.has(r) && !(r === "/[account]/decisions/[id]" && decisions.length === 0));
  expect(unvisited, "pages the crawl never reached: add a start URL for them above").toEqual([]);
  expect(problems).toEqual([]);
  expect(all.length, `${summary}\n\n${report}`).toBe(0);
});

// The checker itself: a page built to break each rule, and one built to pass them all.
test("the accessibility checker finds each kind of problem and passes a clean page", async ({ page }) => {
  await page.setContent(`<!doctype html><html><head></head><body style="background:#fff">
    <p id="grey" style="color:#9ca3af;font-size:12px">Low contrast label</p>
    <p style="color:#767676;font-size:14px">Just passes on white</p>
    <div style="background:rgb(15 23 42)"><p style="color:rgb(100 116 139);font-size:11px">Grey on navy</p></div>
    <div style="background:rgba(0,0,0,0.5)"><p style="color:#555">Dark on a translucent dark layer</p></div>
    <p style="color:#999;font-size:24px">Large grey heading text</p>
    <button disabled style="color:#ccc">Disabled is exempt</button>
    <a href="/x" id="outer">Outer <button>inner</button></a>
    <div role="button" tabindex="0">Card <a href="/y">link</a></div>
    <div role="img" aria-label="Chart">Bars <button>Zoom</button></div>
    <div id="scroller" style="height:40px;overflow:auto"><p style="height:200px">Long</p></div>
    <div style="height:40px;overflow:auto" tabindex="0" role="region" aria-label="Focusable region"><p style="height:200px">Long</p></div>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    <input type="text">
    <button></button>
    <a href="/z"><svg width="10" height="10"></svg></a>
    <span id="dup">a</span><span id="dup">b</span><button aria-describedby="dup">Described</button>
    <button aria-labelledby="missing">Labelled by nothing</button>
    <div aria-hidden="true"><a href="/hidden">Hidden link</a></div>
    <div aria-label="Generic with a name">x</div>
    <ul><div>Not an item</div></ul>
  </body></html>`);
  const findings = await auditAccessibility(page);
  const counts = countByRule(findings);
  expect(counts, formatFindings(findings)).toEqual({
    "html-has-lang": 1,
    "document-title": 1,
    "color-contrast": 4,
    "nested-interactive": 3,
    "scrollable-region-focusable": 1,
    "image-alt": 1,
    label: 1,
    "button-name": 1,
    "link-name": 1,
    "duplicate-id-aria": 1,
    "aria-valid-idref": 1,
    "aria-hidden-focus": 1,
    "aria-prohibited-attr": 1,
    list: 1,
  });
  expect(findings.filter((f) => f.rule === "color-contrast").map((f) => f.html)).toEqual([
    expect.stringContaining("Low contrast label"),
    expect.stringContaining("Grey on navy"),
    expect.stringContaining("Dark on a translucent dark layer"),
    expect.stringContaining("Large grey heading text"),
  ]);

  await page.setContent(`<!doctype html><html lang="en"><head><title>Clean</title></head><body style="background:#f8fafc">
    <p style="color:#475569;font-size:12px;text-transform:uppercase">A readable label</p>
    <div style="background:rgb(15 23 42)"><p style="color:rgb(203 213 225);font-size:11px">Light on navy</p></div>
    <label>Name <input type="text"></label>
    <button aria-label="Close"><svg aria-hidden="true" width="10" height="10"></svg></button>
    <div role="region" aria-label="Output" tabindex="0" style="height:40px;overflow:auto"><p style="height:200px">Long</p></div>
    <span class="sr" style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);color:#eee">Screen readers only</span>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
  </body></html>`);
  const clean = await auditAccessibility(page);
  expect(clean, formatFindings(clean)).toEqual([]);
});
