// One console user per console role, created in the browser tests' own database. The trainee works
// only in the demo workspace; the database also holds another one (see other-workspace.mjs).
export const e2eUsers = {
  admin: { email: "admin@e2e.test", role: "admin", password: "admin-password-e2e" },
  editor: { email: "editor@e2e.test", role: "editor", password: "editor-password-e2e" },
  viewer: { email: "viewer@e2e.test", role: "viewer", password: "viewer-password-e2e" },
  trainer: { email: "trainer@e2e.test", role: "trainer", password: "trainer-password-e2e" },
  trainee: { email: "trainee@e2e.test", role: "trainee", password: "trainee-password-e2e", workspaces: ["demo"] },
};
