import { userInfo } from "node:os";

/**
 * Who the audit log names for a change made from the command line: the operating-system account
 * that ran it, e.g. "cli (os user ana)". From the account database, not $USER, which the caller
 * sets at will (and which is often unset, under sudo, cron or a container).
 */
export function cliActor(): string {
  try {
    return `cli (os user ${userInfo().username})`;
  } catch {
    // An account without a name (a container's bare uid) still has its number.
    return `cli (os uid ${process.getuid?.() ?? "unknown"})`;
  }
}
