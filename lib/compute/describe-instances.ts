/**
 * EC2's read operations performed as an IAM principal: DescribeInstances (with EC2's filters:
 * instance-id, instance-state-name, instance-type, tag-key, tag:KEY, iam-instance-profile.arn,
 * availability-zone, image-id; `*` and `?` wildcards, `\` escaping) and
 * DescribeIamInstanceProfileAssociations (instance-id, state). Both need their ec2:Describe* action
 * on `*`, as EC2 grants Describe actions on no particular resource. Shared by `roleplay ec2` and
 * `roleplay api`.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { arns } from "../iam/arns";
import { readTags } from "../iam/tags";
import { authorize } from "../authz/authorize-call";
import { callerContext } from "../authz/call-context";
import type { ActingPrincipal } from "../authz/principal-policies";
import { compileWildcard } from "../policy/wildcard";
import { describeInstanceProfileAssociations, type AssociationView } from "./profile-associations";

export type Ec2Filters = Map<string, string[]>;
export type ProfileRef = { Arn: string; Id: string };

const instanceFilters = new Set(["instance-id", "instance-state-name", "instance-type", "tag-key", "iam-instance-profile.arn", "availability-zone", "image-id"]);

// EC2 filter values take `*` and `?`, and a backslash makes the next character literal: the
// matcher's own escaped form.
const matches = (patterns: string[] | undefined, value: string | undefined) => !patterns || (value !== undefined && patterns.some((p) => compileWildcard(p)(value)));

function authorizeDescribe(principal: ActingPrincipal, action: string, region: string, now: Date) {
  authorize(principal, { action, resource: "*", context: { ...callerContext(principal, now), "aws:RequestedRegion": region } }, "ec2");
}

/** The profiles currently associated with these instances, as EC2 shows them (Arn, Id). */
export async function currentProfileRefs(db: Db | Tx, instanceIds: string[]): Promise<Map<string, ProfileRef>> {
  const rows = await db.instanceProfileAssociation.findMany({ where: { instanceId: { in: instanceIds }, state: { in: ["associating", "associated"] } }, include: { instanceProfile: true } });
  return new Map(rows.map((a) => [a.instanceId, { Arn: arns.instanceProfile(a.instanceProfile.accountId, a.instanceProfile.path, a.instanceProfile.name), Id: a.instanceProfile.id }]));
}

/**
 * DescribeInstances as `principal`: the account's instances (in `region` when given, as a
 * regional endpoint answers), those named, kept by the filters; `InvalidInstanceID.NotFound` for
 * a named instance that does not exist.
 */
export async function describeInstancesAs(
  db: Db | Tx,
  input: { accountId: string; instanceIds?: string[]; filters?: Ec2Filters; region?: string; requestedRegion: string },
  principal: ActingPrincipal,
  now: Date,
) {
  authorizeDescribe(principal, "ec2:DescribeInstances", input.requestedRegion, now);
  const ids = input.instanceIds ?? [];
  const filters = input.filters ?? new Map<string, string[]>();
  for (const name of filters.keys()) if (!instanceFilters.has(name) && !name.startsWith("tag:")) throw new AppError("InvalidParameterValue", `The filter '${name}' is invalid`);
  const rows = await db.instance.findMany({ where: { accountId: input.accountId, ...(input.region ? { region: input.region } : {}), ...(ids.length ? { id: { in: ids } } : {}) }, orderBy: { launchedAt: "asc" } });
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw new AppError("InvalidInstanceID.NotFound", `The instance ID${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' do${missing.length > 1 ? "" : "es"} not exist`);
  const profiles = await currentProfileRefs(db, rows.map((r) => r.id));
  const kept = rows.filter((r) => {
    const tags = readTags(r.tags);
    for (const [name, values] of filters) {
      if (name.startsWith("tag:")) {
        if (!matches(values, tags.find((tag) => tag.Key === name.slice(4))?.Value)) return false;
        continue;
      }
      if (name === "tag-key") {
        if (!tags.some((tag) => matches(values, tag.Key))) return false;
        continue;
      }
      const value = { "instance-id": r.id, "instance-state-name": r.state, "instance-type": r.instanceType, "iam-instance-profile.arn": profiles.get(r.id)?.Arn, "availability-zone": r.availabilityZone, "image-id": r.imageId }[name as "instance-id"];
      if (!matches(values, value)) return false;
    }
    return true;
  });
  return { instances: kept, profiles };
}

/**
 * DescribeIamInstanceProfileAssociations as `principal`: current associations (every state when
 * ids are named), filtered by instance-id and state; `InvalidAssociationID.NotFound` for a named
 * association that does not exist.
 */
export async function describeAssociationsAs(
  db: Db | Tx,
  input: { accountId: string; associationIds?: string[]; filters?: Ec2Filters; requestedRegion: string },
  principal: ActingPrincipal,
  now: Date,
): Promise<AssociationView[]> {
  authorizeDescribe(principal, "ec2:DescribeIamInstanceProfileAssociations", input.requestedRegion, now);
  const filters = input.filters ?? new Map<string, string[]>();
  for (const name of filters.keys()) if (name !== "instance-id" && name !== "state") throw new AppError("InvalidParameterValue", `The filter '${name}' is invalid`);
  const associationIds = input.associationIds ?? [];
  const rows = await describeInstanceProfileAssociations(db, input.accountId, {
    instanceIds: filters.get("instance-id"),
    associationIds,
    states: filters.get("state") ?? (associationIds.length ? ["associating", "associated", "disassociating", "disassociated"] : undefined),
  });
  const missing = associationIds.filter((id) => !rows.some((r) => r.AssociationId === id));
  if (missing.length) throw new AppError("InvalidAssociationID.NotFound", `An association ID '${missing[0]}' does not exist`);
  return rows;
}
