type E2eUser = { email: string; role: "admin" | "editor" | "viewer" | "trainer" | "trainee"; password: string; workspaces?: string[] };
export declare const e2eUsers: Record<"admin" | "editor" | "viewer" | "trainer" | "trainee", E2eUser>;
export declare const e2eClassTrainees: { email: string; role: "trainee"; password: string }[];
