/**
 * Console URLs carry their workspace: `/w/NAME/ACCOUNT/...` for pages, `/w/NAME/api/...` for the
 * JSON routes. The proxy strips the prefix and hands the name on in a request header; links and
 * fetches written as `/ACCOUNT/...` get the prefix of the page they are on. Plain functions, so
 * that the proxy, server code and the browser share them.
 */

export const workspaceHeader = "x-roleplay-workspace";

const prefixPattern = /^\/w\/([A-Za-z0-9._-]{1,64})(?=\/|$)/;

/** The workspace a console path names, and the path without its prefix. */
export function splitWorkspacePath(pathname: string): { workspace: string; rest: string } | null {
  const match = prefixPattern.exec(pathname);
  if (!match) return null;
  return { workspace: match[1], rest: pathname.slice(match[0].length) || "/" };
}

/** Paths that live inside a workspace: an account's pages and the account/workspace JSON routes. */
export function isWorkspaceScopedPath(path: string): boolean {
  return /^\/(\d{12})(?=[/?#]|$)/.test(path) || /^\/api\/(accounts|workspace|labs|classroom)(?=[/?#]|$)/.test(path);
}

/** `href` inside workspace `workspace` (unchanged when it is not a workspace path or already prefixed). */
export function inWorkspace(workspace: string | null | undefined, href: string): string {
  if (!workspace || !href.startsWith("/") || href.startsWith("/w/") || !isWorkspaceScopedPath(href)) return href;
  return `/w/${workspace}${href}`;
}

/** The workspace of the page at `pathname` (the browser's), or null outside any. */
export function workspaceOfPath(pathname: string): string | null {
  return splitWorkspacePath(pathname)?.workspace ?? null;
}
