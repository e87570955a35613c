/** The console's review of one account: the workspace read, the review run, the view shaped. */
import type { Db, Tx } from "../db/create-client";
import { getAccount } from "../iam/accounts";
import { buildAccountReviewView, type AccountReviewView } from "../review/review-view";
import { loadWorkspaceReviewInput } from "./workspace-review-input";
import { withStoredPolicies } from "../iam/stored-policies";

/** Reviews `accountId` for one service, `all`, or the default (see buildAccountReviewView). `NoSuchEntity` when absent. */
export async function reviewAccount(db: Db | Tx, accountId: string, service?: string): Promise<AccountReviewView> {
  const account = await getAccount(db, accountId);
  const input = await loadWorkspaceReviewInput(db, account.workspaceId, accountId);
  // One damaged stored document is a message naming it (MalformedPolicyDocument), not a failed page.
  return withStoredPolicies(() => buildAccountReviewView(input, accountId, service));
}
