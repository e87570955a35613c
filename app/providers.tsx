"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { RenderedWorkspaceContext, useWorkspaceName } from "@/components/workspace-link";

const newClient = () => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: 1 } } });

export function Providers({ workspace, children }: { workspace: string | null; children: React.ReactNode }) {
  return (
    <RenderedWorkspaceContext.Provider value={workspace}>
      <QueryClients>{children}</QueryClients>
    </RenderedWorkspaceContext.Provider>
  );
}

function QueryClients({ children }: { children: React.ReactNode }) {
  // One query cache per workspace for the browser session: the same account id lives in many
  // workspaces, so a list cached in one must never be shown in another. Data prefetched on the
  // server stays fresh for a minute.
  const [clients] = useState(() => new Map<string, QueryClient>());
  const key = useWorkspaceName() ?? "";
  let client = clients.get(key);
  if (!client) {
    client = newClient();
    clients.set(key, client);
  }
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
