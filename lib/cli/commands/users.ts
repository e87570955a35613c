import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { readEnv } from "../../env";
import { addConsoleUser, listConsoleUsers, removeConsoleUser } from "../../auth/console-users";
import { findSignInLocks, unlockSignIn } from "../../auth/sign-in-locks";
import { isAppError } from "../../errors";
import { cliActor } from "../../audit/cli-actor";
import { consoleRoles, isConfinedToAssignedWorkspaces } from "../../auth/console-roles";
import { hasNonSpace, minimumPasswordLength } from "../../auth/passwords";

const help = `Usage:
  roleplay users add EMAIL --role admin|editor|viewer|trainer|trainee|auditor --password-stdin [--workspace NAME]...
  roleplay users list
  roleplay users remove EMAIL
  roleplay users locks
  roleplay users unlock EMAIL | --address ADDRESS

Console users sign in at /sign-in. --password-stdin reads the password (one line, at least
${minimumPasswordLength} characters) from standard input, so it never shows in a process list.
Trainees and auditors work only in the workspaces given with --workspace (default: demo); assign
more later with roleplay workspace assign NAME EMAIL.
Failed sign-ins lock an email for fifteen minutes; \`locks\` shows the locks in force and \`unlock\`
ends one at once: an email's (from every address), or a client address's (--address).`;

async function readPasswordLine(): Promise<string> {
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, "");
  }
  return "";
}

export async function run(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { role: { type: "string" }, address: { type: "string" }, "password-stdin": { type: "boolean" }, workspace: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    console.error(`roleplay users: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!verb || verb === "--help" || verb === "-h" || values.help) {
    console.log(help);
    return verb ? 0 : 2;
  }
  // Prisma loads only past --help and usage errors.
  const { configureSqlite, createPrismaClient } = await import("../../db/create-client");
  const db = createPrismaClient(readEnv().databaseUrl);
  const actor = cliActor();
  try {
    await configureSqlite(db);
    if (verb === "list") {
      for (const user of await listConsoleUsers(db)) console.log(`${user.email}\t${user.role}\t${user.createdAt}`);
      return 0;
    }
    if (verb === "locks") {
      const locks = await findSignInLocks(db, new Date());
      for (const lock of locks) console.log(`${lock.email ?? "*"}\t${lock.client ?? "*"}\tlocked until ${lock.until}`);
      if (locks.length === 0) console.log("no sign-in is locked");
      return 0;
    }
    if (verb === "unlock" && values.address !== undefined) {
      const { locks, failuresCleared } = await unlockSignIn(db, { client: values.address }, actor, new Date());
      console.log(`unlocked ${values.address}: ${failuresCleared} failed sign-in${failuresCleared === 1 ? "" : "s"} forgotten${locks.length ? "" : " (it was not locked)"}`);
      return 0;
    }
    const email = positionals[0];
    if (!email) {
      console.error(`roleplay users ${verb}: an EMAIL is required\n\n${help}`);
      return 2;
    }
    if (verb === "add") {
      if (!values.role || !(consoleRoles as readonly string[]).includes(values.role)) {
        console.error(`roleplay users add: --role must be one of ${consoleRoles.join(", ")}`);
        return 2;
      }
      if (!values["password-stdin"]) {
        console.error("roleplay users add: --password-stdin is required (the password is read from standard input, never from the command line)");
        return 2;
      }
      const password = await readPasswordLine();
      if (password.length < minimumPasswordLength) {
        console.error(`roleplay users add: the password is too short: it needs at least ${minimumPasswordLength} characters`);
        return 2;
      }
      if (!hasNonSpace(password)) {
        console.error("roleplay users add: the password is only spaces; choose a real one");
        return 2;
      }
      const workspaceIds = values.workspace ?? (isConfinedToAssignedWorkspaces(values.role as (typeof consoleRoles)[number]) ? ["demo"] : []);
      const user = await addConsoleUser(db, { email, role: values.role as (typeof consoleRoles)[number], password, workspaceIds }, actor);
      console.log(`added ${user.email} as ${user.role}`);
      return 0;
    }
    if (verb === "remove") {
      await removeConsoleUser(db, email, actor);
      console.log(`removed ${email.trim().toLowerCase()}`);
      return 0;
    }
    if (verb === "unlock") {
      const { locks, failuresCleared } = await unlockSignIn(db, { email }, actor, new Date());
      console.log(`unlocked ${email.trim().toLowerCase()}: ${failuresCleared} failed sign-in${failuresCleared === 1 ? "" : "s"} forgotten${locks.length ? "" : " (it was not locked)"}`);
      return 0;
    }
    console.error(`roleplay users: unknown verb '${verb}'\n\n${help}`);
    return 2;
  } catch (error) {
    if (isAppError(error)) {
      console.error(`roleplay users ${verb}: ${error.message}`);
      return 2;
    }
    const issues = (error as { issues?: { message: string }[] }).issues;
    if (issues) {
      console.error(`roleplay users ${verb}: ${issues.map((i) => i.message).join("; ")}`);
      return 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}
