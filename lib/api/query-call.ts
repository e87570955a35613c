import type { Db } from "../db/create-client";
import type { ActingPrincipal } from "../authz/principal-policies";
import type { RandomSource } from "../iam/ids";
import type { QueryParams } from "./query-params";

/** One authenticated Query request (IAM, EC2) as its caller: the principal, its account, the clock. */
export type QueryCall = {
  db: Db;
  params: QueryParams;
  principal: ActingPrincipal;
  /** The account acted in: the caller's own. */
  accountId: string;
  /** What the audit log records as the author. */
  actor: string;
  /** The workspace clock's now. */
  now: Date;
  requestId: string;
  /** The region of the request's credential scope. */
  region: string;
  random: RandomSource;
};
