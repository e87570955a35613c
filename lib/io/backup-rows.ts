/**
 * What each field of a workspace backup must hold: the services' own schemas (names, paths,
 * tags, metadata options, …) and their policy check, so that a restore stores nothing the console
 * would refuse to create, and nothing a page would later fail to read.
 */
import { z } from "zod";
import { AppError } from "../errors";
import { checkPolicyText, type StoredPolicyKind } from "../iam/policy-document";
import { createAccountSchema } from "../iam/accounts";
import {
  accountIdSchema,
  descriptionSchema,
  groupNameSchema,
  iamPathSchema,
  instanceProfileNameSchema,
  maxSessionDurationSchema,
  nameKey,
  policyNameSchema,
  roleNameSchema,
  tagsSchema,
  userNameSchema,
} from "../iam/names";
import { instanceStates, launchInstanceSchema, metadataOptionsSchema } from "../compute/instances";
import { instanceIdSchema, taskIdSchema } from "../compute/ec2-schemas";
import { createClusterSchema, runTaskSchema } from "../compute/ecs";
import { bucketNameSchema } from "../s3/buckets";
import { maxKeyBytes, maxObjectBytes } from "../s3/objects";
import { createHash } from "node:crypto";

type Row = Record<string, unknown>;

const idOf = (form: RegExp, example: string) => z.string().regex(form, `must look like ${example}`);
// IAM ids come from AWS (AIDA…, AROA…) or from imported files, whose sanitised samples use names.
const iamId = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters").regex(/^[\w+=,.@:-]+$/, "must be an IAM id (letters, digits and + = , . @ : _ -)");
const version = z.number().int().min(1, "must be at least 1");
const versionId = idOf(/^v[1-9]\d{0,8}$/, "v1");
const policyArn = z.string().regex(/^arn:aws:iam::(\d{12}|aws):policy\/.+$/, "must be a managed policy ARN");
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must look like us-east-1");

function jsonText(what: string) {
  return z.string().refine((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }, `${what} must be JSON text`);
}

const tagsText = z.string().superRefine((text, context) => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return context.addIssue({ code: "custom", message: "tags must be JSON text" });
  }
  const parsed = tagsSchema.safeParse(value);
  if (!parsed.success) context.addIssue({ code: "custom", message: parsed.error.issues[0].message });
});

/** A policy document as the services check it before storing one of this kind. */
export function policyTextSchema(kind: StoredPolicyKind) {
  return z.string().superRefine((text, context) => {
    try {
      checkPolicyText(text, "the document", kind);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      context.addIssue({ code: "custom", message: error.message });
    }
  });
}

/** Per table, the fields checked beyond their column type; every other field is checked by type alone. */
export const backupFieldSchemas: Record<string, Record<string, z.ZodType>> = {
  Workspace: { id: z.string().min(1).max(128), name: z.string().min(1).max(200) },
  Organization: { id: idOf(/^o-[a-z0-9]+$/, "o-…"), managementAccountId: accountIdSchema },
  OrgNode: { id: idOf(/^(r|ou)-[a-z0-9-]+$/, "r-… or ou-…"), kind: z.enum(["ROOT", "OU"]), name: z.string().min(1).max(128) },
  OrgPolicy: { id: idOf(/^p-[A-Za-z0-9_]+$/, "p-…"), kind: z.enum(["SCP", "RCP"]), name: z.string().min(1).max(128), description: descriptionSchema },
  OrgPolicyAttachment: { accountId: accountIdSchema.nullable() },
  Account: { id: accountIdSchema, name: createAccountSchema.shape.name },
  User: { id: iamId, name: userNameSchema, path: iamPathSchema, tags: tagsText, permissionsBoundaryArn: policyArn.nullable(), version },
  Group: { id: iamId, name: groupNameSchema, path: iamPathSchema, version },
  Role: {
    id: iamId,
    name: roleNameSchema,
    path: iamPathSchema,
    description: descriptionSchema,
    trustPolicy: policyTextSchema("resource"),
    maxSessionDuration: maxSessionDurationSchema,
    tags: tagsText,
    permissionsBoundaryArn: policyArn.nullable(),
    version,
  },
  InlinePolicy: { id: version, name: policyNameSchema, document: policyTextSchema("identity") },
  ManagedPolicy: { id: iamId, name: policyNameSchema, path: iamPathSchema, description: descriptionSchema, defaultVersionId: versionId, version },
  PolicyVersion: { versionId, document: policyTextSchema("identity") },
  PolicyAttachment: { id: version, policyArn },
  InstanceProfile: { id: iamId, name: instanceProfileNameSchema, path: iamPathSchema, tags: tagsText, version },
  Instance: {
    id: instanceIdSchema,
    region,
    availabilityZone: launchInstanceSchema.shape.availabilityZone.unwrap(),
    instanceType: launchInstanceSchema.shape.instanceType,
    imageId: launchInstanceSchema.shape.imageId,
    state: z.enum(instanceStates),
    privateIp: z.ipv4("must be an IPv4 address"),
    tags: tagsText,
    httpTokens: metadataOptionsSchema.shape.httpTokens,
    httpEndpoint: metadataOptionsSchema.shape.httpEndpoint,
    hopLimit: metadataOptionsSchema.shape.hopLimit,
    launchedBy: launchInstanceSchema.shape.launchedBy,
    version,
  },
  InstanceProfileAssociation: {
    id: idOf(/^iip-assoc-[0-9a-f]{8,17}$/, "iip-assoc-0123456789abcdef0"),
    state: z.enum(["associating", "associated", "disassociating", "disassociated"]),
  },
  EcsCluster: { id: z.string().min(1).max(128), name: createClusterSchema.shape.name, region },
  EcsTask: {
    id: taskIdSchema,
    taskDefinition: runTaskSchema.shape.taskDefinition,
    lastStatus: z.enum(["PROVISIONING", "PENDING", "RUNNING", "STOPPED"]),
    launchType: z.enum(["EC2", "FARGATE"]),
    startedBy: runTaskSchema.shape.startedBy,
    version,
  },
  Bucket: { name: bucketNameSchema, region, policy: policyTextSchema("resource").nullable(), tags: tagsText, version },
  S3Object: {
    bucketName: bucketNameSchema,
    key: z.string().min(1).refine((k) => Buffer.byteLength(k) <= maxKeyBytes, `must be at most ${maxKeyBytes} bytes of UTF-8`),
    size: z.number().int().min(0).max(maxObjectBytes),
    etag: idOf(/^[0-9a-f]{32}(-\d{1,5})?$/, "an MD5 in hex (followed by -N for an object uploaded in N parts)"),
    metadata: jsonText("metadata"),
    headers: jsonText("headers"),
  },
  ImportRun: { id: version, fileName: z.string().min(1).max(255), sha256: idOf(/^[0-9a-f]{64}$/, "a SHA-256 in hex"), actor: z.string().min(1), summary: jsonText("summary") },
  RetiredAwsPolicy: { arn: z.string().regex(/^arn:aws:iam::aws:policy\/.+$/, "must be an AWS-managed policy ARN"), name: policyNameSchema, path: iamPathSchema, defaultVersionId: versionId, document: policyTextSchema("identity") },
  AuditEntry: { id: version, actor: z.string().min(1), action: z.string().min(1), entityType: z.string().min(1), entityId: z.string().min(1), before: jsonText("before").nullable(), after: jsonText("after").nullable() },
};

const oneHolder = (row: Row) => ["userId", "groupId", "roleId"].filter((k) => row[k] !== null && row[k] !== undefined).length === 1;

/** Checks across a row's fields; each returns [field, message] for the first problem. */
export const backupRowChecks: Record<string, (row: Row) => [string, string] | undefined> = {
  User: (row) => (row.nameKey === nameKey(String(row.name)) ? undefined : ["nameKey", "must be the name in lower case"]),
  Group: (row) => (row.nameKey === nameKey(String(row.name)) ? undefined : ["nameKey", "must be the name in lower case"]),
  Role: (row) => (row.nameKey === nameKey(String(row.name)) ? undefined : ["nameKey", "must be the name in lower case"]),
  ManagedPolicy: (row) => (row.nameKey === nameKey(String(row.name)) ? undefined : ["nameKey", "must be the name in lower case"]),
  InstanceProfile: (row) => (row.nameKey === nameKey(String(row.name)) ? undefined : ["nameKey", "must be the name in lower case"]),
  InlinePolicy: (row) => (oneHolder(row) ? undefined : ["userId", "an inline policy belongs to exactly one user, group or role"]),
  PolicyAttachment: (row) => (oneHolder(row) ? undefined : ["userId", "an attachment names exactly one user, group or role"]),
  // The size and ETag describe the body: a body changed by hand would serve the wrong ETag.
  S3Object: (row) => {
    const body = Buffer.from(String(row.body), "base64");
    if (body.length !== row.size) return ["size", `must be the body's length (${body.length} bytes)`];
    // A multipart ETag digests the parts, which a backup does not keep; it cannot be checked.
    if (String(row.etag).includes("-")) return undefined;
    return createHash("md5").update(body).digest("hex") === row.etag ? undefined : ["etag", "must be the MD5 of the body"];
  },
  OrgPolicy: (row) => {
    const kind = row.kind === "RCP" ? "rcp" : "scp";
    const result = policyTextSchema(kind).safeParse(row.document);
    return result.success ? undefined : ["document", result.error.issues[0].message];
  },
};
