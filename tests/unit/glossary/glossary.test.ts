import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { findGlossaryEntry, glossary } from "../../../lib/glossary";
import { GlossaryTerm } from "../../../components/glossary-term";

const root = path.resolve(__dirname, "../../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : /\.tsx?$/.test(name) ? [file] : [];
  });
}

describe("the glossary", () => {
  it("defines every term, in a sentence or two", () => {
    for (const entry of glossary) {
      expect(entry.definition, entry.term).toMatch(/^\S.{40,}[.)]$/s);
      expect(entry.definition.length, entry.term).toBeLessThan(320);
    }
  });

  it("names each term and alias once", () => {
    const names = glossary.flatMap((e) => [e.term, ...(e.aliases ?? [])].map((n) => n.toLowerCase()));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("covers the terms the console shows", () => {
    const shown = ["trust policy", "permission policy", "instance profile", "PassRole", "permissions boundary", "SCP", "RCP", "session policy", "role session", "assume role", "principal", "managed policy", "inline policy", "IMDS", "IMDSv2", "HttpTokens", "task role", "execution role", "service-linked role", "explicit deny", "implicit deny", "condition key", "ARN"];
    expect(shown.filter((term) => !findGlossaryEntry(term))).toEqual([]);
  });

  it.each([
    ["Trust Policy", "trust policy"],
    ["  permission   POLICIES ", "permission policy"],
    ["iam:passrole", "PassRole"],
    ["sts:AssumeRole", "assume role"],
    ["Instance profiles", "instance profile"],
    ["imdsv2", "IMDSv2"],
    ["scps", "SCP"],
  ])("finds %j whatever its case and spacing", (asked, term) => {
    expect(findGlossaryEntry(asked)?.term).toBe(term);
  });

  it("is asked only for terms it defines, everywhere the console uses it", () => {
    const used = [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "components"))].flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/<GlossaryTerm\s+term="([^"]+)"/g)].map((m) => ({ file: path.relative(root, file), term: m[1] })),
    );
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((u) => !findGlossaryEntry(u.term))).toEqual([]);
  });
});

describe("a glossary term on the page", () => {
  it("is focusable and described by its hidden definition; an unknown term is plain text", () => {
    const html = renderToStaticMarkup(createElement(GlossaryTerm, { term: "trust policy" }, "Trust policy"));
    const describedBy = /<span tabindex="0" aria-describedby="([^"]+)"[^>]*>Trust policy<\/span>/.exec(html)?.[1];
    expect(describedBy).toBeTruthy();
    expect(html).toContain(`id="${describedBy}" role="tooltip" hidden=""`);
    expect(html.replaceAll("&#x27;", "'")).toContain(findGlossaryEntry("trust policy")!.definition);
    expect(html).toMatch(/class="[^"]*decoration-dotted/);
    expect(renderToStaticMarkup(createElement(GlossaryTerm, { term: "no such term" }, "plain"))).toBe("plain");
  });
});
