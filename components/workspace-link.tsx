"use client";

import NextLink from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { createContext, useContext, useMemo, type ComponentProps } from "react";
import { inWorkspace, splitWorkspacePath, workspaceOfPath } from "@/lib/workspaces/workspace-path";

/**
 * The workspace the server rendered the page for. On the server the path a component sees is the
 * one the /w/NAME/ prefix was mapped onto, so links rendered there need this; in the browser the
 * URL says it (and stays right across client navigations, which keep the root layout).
 */
export const RenderedWorkspaceContext = createContext<string | null>(null);

/** The workspace of the page being shown, or null outside any. */
export function useWorkspaceName(): string | null {
  const rendered = useContext(RenderedWorkspaceContext);
  return workspaceOfPath(usePathname() ?? "") ?? rendered;
}

/** The page's path inside its workspace (`/111111111111/roles` for `/w/t1/111111111111/roles`). */
export function useConsolePathname(): string {
  const pathname = usePathname() ?? "/";
  return splitWorkspacePath(pathname)?.rest ?? pathname;
}

/**
 * The console's link: an account path (`/111111111111/roles`) stays in the workspace of the page
 * it is on, so no link can lead out of a trainee's sandbox or into another by accident.
 */
export default function Link({ href, ...props }: ComponentProps<typeof NextLink>) {
  const workspace = useWorkspaceName();
  return <NextLink href={typeof href === "string" ? inWorkspace(workspace, href) : href} {...props} />;
}

/** `useRouter` whose push and replace keep account paths in the page's workspace. */
export function useConsoleRouter() {
  const router = useRouter();
  const workspace = useWorkspaceName();
  return useMemo(
    () => ({
      ...router,
      push: (href: string, options?: Parameters<typeof router.push>[1]) => router.push(inWorkspace(workspace, href), options),
      replace: (href: string, options?: Parameters<typeof router.replace>[1]) => router.replace(inWorkspace(workspace, href), options),
      prefetch: (href: string) => router.prefetch(inWorkspace(workspace, href)),
    }),
    [router, workspace],
  );
}
