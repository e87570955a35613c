// One console user per console role, created in the browser tests' own database. The trainee works
// only in the demo workspace; the database also holds another one (see other-workspace.mjs).
export const e2eUsers = {
  admin: { email: "admin@e2e.test", role: "admin", password: "admin-password-e2e" },
  editor: { email: "editor@e2e.test", role: "editor", password: "editor-password-e2e" },
  viewer: { email: "viewer@e2e.test", role: "viewer", password: "viewer-password-e2e" },
  trainer: { email: "trainer@e2e.test", role: "trainer", password: "trainer-password-e2e" },
  trainee: { email: "trainee@e2e.test", role: "trainee", password: "trainee-password-e2e", workspaces: ["demo"] },
};

// A class's trainees: in no workspace at first (the server takes them off demo), so a trainer's
// class gives each their own.
export const e2eClassTrainees = [
  { email: "ana@class.e2e.test", role: "trainee", password: "ana-password-e2e-class" },
  { email: "bo.li@class.e2e.test", role: "trainee", password: "bo-password-e2e-class" },
  { email: "cy@class.e2e.test", role: "trainee", password: "cy-password-e2e-class" },
];
