/** The console's review of one account: the workspace read, the review run, the view shaped. */
import type { Db, Tx } from "../db/create-client";
import { getAccount } from "../iam/accounts";
import { buildAccountReviewView, type AccountReviewView } from "../review/review-view";
import { loadWorkspaceReviewInput } from "./workspace-review-input";
import { withStoredPolicies } from "../iam/stored-policies";
import { clockNow } from "../creds/workspace-clock";
import { withEscalationFindings } from "../review/account-escalation";

/** Reviews `accountId` for one service, `all`, or the default (see buildAccountReviewView). `NoSuchEntity` when absent. */
export async function reviewAccount(db: Db | Tx, accountId: string, service?: string): Promise<AccountReviewView> {
  const account = await getAccount(db, accountId);
  // Every account of the workspace: escalation paths cross accounts (the PassRole review scopes to this one).
  const [input, workspace] = await Promise.all([loadWorkspaceReviewInput(db, account.workspaceId), db.workspace.findUniqueOrThrow({ where: { id: account.workspaceId } })]);
  const now = clockNow(workspace, new Date());
  // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
  return withStoredPolicies(() => withEscalationFindings(buildAccountReviewView(input, accountId, service), input, now));
}
