// Every door checks the account before it reads anything. A layout's check does not protect a page:
// Next renders them in parallel and streams what the page read even when the layout answers 404.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..", "..", "..");

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const appFiles = walk(path.join(root, "app"));
const accountPages = appFiles.filter((f) => f.endsWith(`${path.sep}page.tsx`) && f.includes(`${path.sep}[account]${path.sep}`));

/** The statements of a page's default export up to its first await that is not of its params. */
function firstAwait(file: string): string {
  const text = readFileSync(file, "utf8");
  const body = text.slice(text.indexOf("export default async function"));
  const awaits = [...body.matchAll(/await\s+([\w.]+)/g)].map((m) => m[1]).filter((name) => name !== "params" && name !== "searchParams");
  return awaits[0] ?? "";
}

describe("pages under an account", () => {
  it("are all found", () => {
    expect(accountPages.length).toBeGreaterThan(25);
  });

  it.each(accountPages.map((f) => [path.relative(root, f)]))("%s authorizes the account first", (file) => {
    expect(firstAwait(path.join(root, file))).toBe("requireAccountAccess");
  });
});

describe("loaders, routes and actions", () => {
  it("page loaders and the list prefetch check the account themselves", () => {
    expect(readFileSync(path.join(root, "app/server/load-detail.ts"), "utf8")).toMatch(/export async function loadDetail<T>\(accountId: string,[^]*?\{\s*await requireAccountAccess\(accountId/);
    expect(readFileSync(path.join(root, "app/server/prefetch-area.tsx"), "utf8")).toMatch(/\{\s*await requireAccountAccess\(account,/);
  });

  it("every route handler goes through the route guard", () => {
    const routes = appFiles.filter((f) => f.endsWith(`${path.sep}route.ts`));
    expect(routes.length).toBeGreaterThan(3);
    for (const route of routes) {
      const text = readFileSync(route, "utf8");
      for (const handler of text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = (\w+)/g)) expect(handler[2], path.relative(root, route)).toBe("withUser");
    }
  });

  it("the action client checks every account an input names, not only a top-level accountId", () => {
    const client = readFileSync(path.join(root, "app/server/action-client.ts"), "utf8");
    // The workspace (its membership) before the input is judged, then every account named, then
    // the handler: nothing else between.
    expect(client).toMatch(/await requireCurrentWorkspace\(user\);\s*const parsed = definition\.input\.safeParse\(input\);(?:(?!await )[\s\S])*?await requireAccountsIn\(user, parsed\.data\);\s*const db = [^;]+;\s*const data = await definition\.handler/);
  });
});
