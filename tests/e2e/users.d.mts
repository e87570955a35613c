type E2eUser = { email: string; role: "admin" | "editor" | "viewer" | "trainee"; password: string; workspaces?: string[] };
export declare const e2eUsers: Record<"admin" | "editor" | "viewer" | "trainee", E2eUser>;
