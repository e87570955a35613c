"use client";

import { createContext, createElement, useContext } from "react";
import { useConsoleRouter } from "@/components/workspace-link";
import { useMutation, useQueryClient, type Query } from "@tanstack/react-query";
import type { ActionResult } from "@/app/server/action-client";
import { ActionFailure, unwrap } from "@/components/designer/designer-query";

/**
 * The workspace the page belongs to and its accounts. Query keys are nested under the account
 * (`["console", account, …]`, components/area-query.ts), and an account under its workspace here:
 * a change in one account can change what another account's pages show (a trust policy naming a
 * role across accounts), so a change refreshes every account of the workspace, and no other.
 */
export type WorkspaceScope = { workspaceId: string; accounts: readonly string[] };

const WorkspaceScopeContext = createContext<WorkspaceScope>({ workspaceId: "", accounts: [] });

export function WorkspaceScopeProvider({ scope, children }: { scope: WorkspaceScope; children: React.ReactNode }) {
  return createElement(WorkspaceScopeContext.Provider, { value: scope }, children);
}

export function useWorkspaceScope(): WorkspaceScope {
  return useContext(WorkspaceScopeContext);
}

/** True for the queries a change in the workspace can make stale: every account's, and the designer's previews. */
export function isWorkspaceQuery(queryKey: readonly unknown[], scope: WorkspaceScope): boolean {
  if (queryKey[0] === "console") return scope.accounts.includes(String(queryKey[1]));
  // The designer's previews and attachable-policy lists read saved policies; the catalog does not change.
  return queryKey[0] === "designer" && (queryKey[1] === "preview" || queryKey[1] === "attachable");
}

/**
 * What follows a successful change, for forms that call their action themselves: drops the
 * workspace's cached queries, then has the server render the page anew — the one the person
 * moves to (`path`), or the one they stay on. Every console page is dynamic, so that render reads
 * the database afresh; rendering the page being left as well (a server-side revalidation inside
 * the action) would cost a render nobody sees.
 */
export function useAfterChange(): (path?: string) => Promise<void> {
  const queryClient = useQueryClient();
  // The page moved to stays in the workspace of the page the change was made on.
  const router = useConsoleRouter();
  const scope = useWorkspaceScope();
  return async (path) => {
    await queryClient.invalidateQueries({ predicate: (query: Query) => isWorkspaceQuery(query.queryKey, scope) });
    if (path) router.push(path);
    else router.refresh();
  };
}

/**
 * The one way a client component changes data: runs a server action, then drops the workspace's
 * cached queries and renders the server page anew (`useAfterChange`) — the one `then(result)`
 * names, or the current one. Failures are `ActionFailure`s carrying the action's error.
 */
export function useConsoleMutation<Input, Output>(action: (input: Input) => Promise<ActionResult<Output>>, options: { then?: (data: Output, input: Input) => string | void | Promise<string | void> } = {}) {
  const afterChange = useAfterChange();
  return useMutation<Output, ActionFailure | Error, Input>({
    mutationFn: (input) => unwrap(action(input)),
    onSuccess: async (data, input) => {
      const next = await options.then?.(data, input);
      await afterChange(typeof next === "string" ? next : undefined);
    },
  });
}
