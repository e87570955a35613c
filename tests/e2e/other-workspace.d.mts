export declare const otherWorkspace: {
  workspaceId: string;
  workspaceName: string;
  account: string;
  accountName: string;
  role: string;
  roleId: string;
  roleDescription: string;
  inlinePolicy: string;
  policySnippets: string[];
  managedPolicy: string;
  user: string;
  group: string;
  bucket: string;
  instance: string;
};
export declare function otherWorkspaceDetails(): Record<string, unknown>;
