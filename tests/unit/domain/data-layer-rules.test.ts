/**
 * One way to read and change data: components take server actions from app/server/actions (or
 * lib), never from a route folder; client code changes data through components/console-mutation.ts,
 * which alone drops cached queries and has the server render the page anew.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.join(import.meta.dirname, "..", "..", "..");

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.tsx?$/.test(entry)) out.push(full);
  }
  return out;
}

const relative = (file: string) => path.relative(root, file);
const components = walk(path.join(root, "components"));
const clientFiles = [...components, ...walk(path.join(root, "app"))].filter((f) => /^\s*["']use client["']/.test(readFileSync(f, "utf8")));

describe("data-layer rules", () => {
  it("no component imports from a route folder", () => {
    const offenders = components.filter((f) => /from ["']@\/app\/\(console\)/.test(readFileSync(f, "utf8"))).map(relative);
    expect(offenders).toEqual([]);
  });

  it("only the mutation helper drops cached queries (the review's import, which replaces accounts wholesale, and a principal's page reading its part once the review is ready, aside)", () => {
    const offenders = clientFiles.filter((f) => /invalidateQueries|router\.refresh\(/.test(readFileSync(f, "utf8"))).map(relative).sort();
    expect(offenders).toEqual(["app/(console)/[account]/review/import/import-client.tsx", "app/sign-in/sign-in-form.tsx", "components/console-mutation.ts", "components/review/principal-review-pending.tsx", "components/signed-in-user.tsx"]);
  });

  it("one fetcher reads the JSON routes: no other client code calls fetch itself", () => {
    const offenders = clientFiles.concat(components).filter((f) => /\bawait fetch\(/.test(readFileSync(f, "utf8"))).map(relative);
    expect([...new Set(offenders)]).toEqual(["components/fetch-json.ts"]);
  });

  it("after a change the helper drops the workspace's queries and renders the server page anew", () => {
    const helper = readFileSync(path.join(root, "components/console-mutation.ts"), "utf8");
    expect(helper).toMatch(/invalidateQueries\(\{ predicate: \(query: Query\) => isWorkspaceQuery\(query\.queryKey, scope\) \}\);\s*if \(path\) router\.push\(path\);\s*else router\.refresh\(\);/);
  });
});
