import { describe, expect, it } from "vitest";
import { describeListPage, likeContains, listSearch, normalizeSearch, pageWindow, readListQuery, searchWords } from "../../../lib/lists/list-query";
import { instanceListSpec, roleListSpec } from "../../../lib/lists/list-specs";

describe("a list's state read from the URL", () => {
  it.each([
    ["", { page: 1, size: 50, sort: "name", dir: "asc", q: "" }],
    ["page=3&size=25&sort=policies&dir=asc&q=web&filter=no-profile", { page: 3, size: 25, sort: "policies", dir: "asc", q: "web", filter: "no-profile" }],
    // A sort starts in its own direction: counts and dates newest or largest first.
    ["sort=created", { page: 1, size: 50, sort: "created", dir: "desc", q: "" }],
    // Anything unreadable falls back to its default instead of failing the page.
    ["page=0&size=7&sort=password&dir=sideways&filter=admins", { page: 1, size: 50, sort: "name", dir: "asc", q: "" }],
    ["page=-2&size=abc", { page: 1, size: 50, sort: "name", dir: "asc", q: "" }],
    ["page=2.5", { page: 1, size: 50, sort: "name", dir: "asc", q: "" }],
    ["q=%20%20web%20%20%20app%20", { page: 1, size: 50, sort: "name", dir: "asc", q: "web app" }],
    // A repeated parameter keeps its first value.
    ["q=first&q=second", { page: 1, size: 50, sort: "name", dir: "asc", q: "first" }],
  ])("%j", (search, expected) => {
    expect(readListQuery(roleListSpec, new URLSearchParams(search))).toEqual(expected);
  });

  it("reads a page's searchParams object, arrays included, as it reads a URL", () => {
    expect(readListQuery(roleListSpec, { q: ["a", "b"], page: "2", sort: undefined })).toEqual({ page: 2, size: 50, sort: "name", dir: "asc", q: "a" });
  });

  it("cuts a search at 128 characters", () => {
    expect(readListQuery(roleListSpec, { q: "x".repeat(500) }).q).toHaveLength(128);
  });

  it("defaults to each list's own sort: instances newest first", () => {
    expect(readListQuery(instanceListSpec, {})).toMatchObject({ sort: "launched", dir: "desc" });
  });
});

describe("a list's state written into links", () => {
  const base = readListQuery(roleListSpec, {});

  it("leaves the defaults out, so the plain list has a plain URL", () => {
    expect(listSearch(roleListSpec, base)).toBe("");
    expect(listSearch(roleListSpec, base, { sort: "name", dir: "asc" })).toBe("");
  });

  it("round-trips: what a link writes reads back as the same state", () => {
    const state = readListQuery(roleListSpec, { page: "4", size: "100", sort: "profiles", dir: "asc", q: "web app", filter: "in-profile" });
    expect(readListQuery(roleListSpec, new URLSearchParams(listSearch(roleListSpec, state)))).toEqual(state);
  });

  it("starts again at page 1 when the search, filter, sort or size changes, and keeps the page otherwise", () => {
    const onPage3 = { ...base, page: 3 };
    expect(listSearch(roleListSpec, onPage3)).toBe("?page=3");
    expect(listSearch(roleListSpec, onPage3, { q: "x" })).toBe("?q=x");
    expect(listSearch(roleListSpec, onPage3, { filter: "no-profile" })).toBe("?filter=no-profile");
    expect(listSearch(roleListSpec, onPage3, { size: 25 })).toBe("?size=25");
    expect(listSearch(roleListSpec, onPage3, { page: 4 })).toBe("?page=4");
  });

  it("a new sort starts in its own direction; the direction is written only when it is not the sort's own", () => {
    expect(listSearch(roleListSpec, base, { sort: "policies" })).toBe("?sort=policies");
    expect(listSearch(roleListSpec, base, { sort: "policies", dir: "asc" })).toBe("?sort=policies&dir=asc");
    expect(listSearch(roleListSpec, base, { dir: "desc" })).toBe("?sort=name&dir=desc");
  });

  it("clears a filter given as undefined", () => {
    expect(listSearch(roleListSpec, { ...base, filter: "no-profile" }, { filter: undefined })).toBe("");
  });
});

describe("paging", () => {
  it.each([
    [5000, 1, 50, { page: 1, skip: 0, take: 50 }],
    [5000, 100, 50, { page: 100, skip: 4950, take: 50 }],
    // Past the end: the last page, not an empty one.
    [5000, 999, 50, { page: 100, skip: 4950, take: 50 }],
    [0, 3, 50, { page: 1, skip: 0, take: 50 }],
    [51, 2, 50, { page: 2, skip: 50, take: 50 }],
  ])("%i rows, page %i of %i", (total, page, size, expected) => {
    expect(pageWindow(total, { page, size })).toEqual(expected);
  });
});

describe("the count shown above a list", () => {
  const spec = roleListSpec;
  it.each([
    [{ total: 5000, all: 5000, page: 1, size: 50, rowCount: 50 }, "1–50 of 5,000 roles"],
    [{ total: 5000, all: 5000, page: 100, size: 50, rowCount: 50 }, "4,951–5,000 of 5,000 roles"],
    [{ total: 9, all: 9, page: 1, size: 50, rowCount: 9 }, "9 roles"],
    [{ total: 1, all: 1, page: 1, size: 50, rowCount: 1 }, "1 role"],
    [{ total: 1, all: 9, page: 1, size: 50, rowCount: 1 }, "1 of 9 roles"],
    [{ total: 0, all: 9, page: 1, size: 50, rowCount: 0 }, "0 of 9 roles"],
    [{ total: 120, all: 5000, page: 3, size: 50, rowCount: 20 }, "101–120 of 120 matching roles (5,000 in all)"],
  ])("%j → %s", (page, text) => {
    expect(describeListPage(spec, page)).toBe(text);
  });
});

describe("search words", () => {
  it("are lower-cased single words, at most eight", () => {
    expect(searchWords("Web  APP")).toEqual(["web", "app"]);
    expect(searchWords("a b c d e f g h i j")).toHaveLength(8);
    expect(normalizeSearch("  a \t b  ")).toBe("a b");
  });

  it("match literally in SQL LIKE: % and _ and \\ are escaped", () => {
    expect(likeContains("50%_off\\")).toBe("%50\\%\\_off\\\\%");
  });
});
