"use server";

import { z } from "zod";
import { accountIdSchema } from "@/lib/iam/names";
import { bucketNameSchema, deleteBucketPolicy, putBucketPolicy } from "@/lib/s3/buckets";
import { defineAction } from "@/app/server/action-client";

const bucketRef = z.object({ accountId: accountIdSchema, bucketName: bucketNameSchema });

/** Saves a bucket's policy over the version the editor opened (else Conflict, nothing written). */
export const putBucketPolicyAction = defineAction({
  name: "putBucketPolicy",
  permission: "edit",
  input: bucketRef.extend({ document: z.string().min(1, "The policy document must not be empty"), expectedVersion: z.number().int().min(1) }),
  handler: (input, { db, actor }) => putBucketPolicy(db, input, actor),
});

export const deleteBucketPolicyAction = defineAction({
  name: "deleteBucketPolicy",
  permission: "edit",
  input: bucketRef,
  handler: (input, { db, actor }) => deleteBucketPolicy(db, input, actor),
});
