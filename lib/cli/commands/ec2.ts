/**
 * `roleplay ec2 <operation>`: the AWS CLI's EC2 instance and instance-profile-association verbs
 * over the workspace (shared contract contracts/aws-cli.md), performed as `--as` (default: the
 * account's root) and authorized by the evaluator, with EC2's output shapes and errors.
 */
import type { Tx } from "../../db/create-client";
import type { InstanceRow } from "../../imds/instance-metadata";
import { readTags } from "../../iam/tags";

import { changeInstanceStateAs, runInstancesAs } from "../../compute/run-instances-as";
import { associateInstanceProfileAs, disassociateInstanceProfileAs, replaceInstanceProfileAs } from "../../compute/profile-associations";
import { describeAssociationsAs, describeInstancesAs } from "../../compute/describe-instances";
import { asList, awsDate, parseShorthand, runService, UsageError, type CallContext, type Operation } from "../aws/aws-cli";

const stateCodes: Record<string, number> = { pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 };
const stateOf = (name: string) => ({ Code: stateCodes[name] ?? 0, Name: name });


type ProfileRef = { Arn: string; Id: string } | null;

function instanceShape(instance: InstanceRow, profile: ProfileRef, stateOverride?: string) {
  const tags = readTags(instance.tags);
  const host = `ip-${instance.privateIp.replaceAll(".", "-")}.${instance.region === "us-east-1" ? "ec2.internal" : `${instance.region}.compute.internal`}`;
  const out: Record<string, unknown> = {
    AmiLaunchIndex: 0,
    ImageId: instance.imageId,
    InstanceId: instance.id,
    InstanceType: instance.instanceType,
    LaunchTime: awsDate(instance.launchedAt),
    Placement: { AvailabilityZone: instance.availabilityZone, GroupName: "", Tenancy: "default" },
    PrivateDnsName: host,
    PrivateIpAddress: instance.privateIp,
    State: stateOf(stateOverride ?? instance.state),
    StateTransitionReason: "",
    Architecture: /^[a-z]+\d+g/.test(instance.instanceType) ? "arm64" : "x86_64",
    RootDeviceType: "ebs",
  };
  if (profile) out.IamInstanceProfile = profile;
  if (tags.length) out.Tags = tags;
  out.MetadataOptions = {
    State: stateOverride === "pending" ? "pending" : "applied",
    HttpTokens: instance.httpTokens,
    HttpPutResponseHopLimit: instance.hopLimit,
    HttpEndpoint: instance.httpEndpoint,
    HttpProtocolIpv6: "disabled",
    InstanceMetadataTags: "disabled",
  };
  return out;
}

const reservationId = (instanceId: string) => `r-${instanceId.slice(2)}`;

function tx<T>(call: CallContext, fn: (t: Tx) => Promise<T>): Promise<T> {
  return call.db.$transaction((t) => fn(t), { timeout: 60_000 });
}

/** `Name=…` or `Arn=…` (or the JSON form) of --iam-instance-profile. */
function profileParameter(call: CallContext): string | undefined {
  const raw = call.text("iam-instance-profile");
  if (raw === undefined) return undefined;
  const spec = parseShorthand("iam-instance-profile", raw);
  const arn = typeof spec.Arn === "string" ? spec.Arn : undefined;
  const name = typeof spec.Name === "string" ? spec.Name : undefined;
  const extra = Object.keys(spec).filter((k) => k !== "Arn" && k !== "Name");
  if (extra.length) throw new UsageError(`Parameter validation failed:\nUnknown parameter in IamInstanceProfile: "${extra[0]}", must be one of: Arn, Name`);
  if (!arn && !name) throw new UsageError("Parameter validation failed:\nIamInstanceProfile needs Name=… or Arn=…");
  return arn ?? name;
}

function tagSpecifications(call: CallContext): { Key: string; Value: string }[] {
  const tags: { Key: string; Value: string }[] = [];
  for (const raw of call.values("tag-specifications").map((v) => (v.startsWith("file://") ? call.text("tag-specifications")! : v))) {
    const specs: Record<string, unknown>[] = raw.trim().startsWith("[") ? parseJsonList(raw) : [parseShorthand("tag-specifications", raw)];
    for (const spec of specs) {
      if (spec.ResourceType !== undefined && spec.ResourceType !== "instance") continue;
      for (const tag of (Array.isArray(spec.Tags) ? spec.Tags : []) as Record<string, unknown>[]) {
        if (typeof tag.Key !== "string") throw new UsageError("Parameter validation failed:\nMissing required parameter in TagSpecifications[0].Tags[0]: \"Key\"");
        tags.push({ Key: tag.Key, Value: typeof tag.Value === "string" ? tag.Value : "" });
      }
    }
  }
  return tags;
}

function parseJsonList(raw: string): Record<string, unknown>[] {
  try {
    const value = JSON.parse(raw);
    return Array.isArray(value) ? value : [value];
  } catch (error) {
    throw new UsageError(`Error parsing parameter: Invalid JSON: ${(error as Error).message}\nJSON received: ${raw}`);
  }
}

function metadataOptions(call: CallContext) {
  const raw = call.text("metadata-options");
  const out = { httpTokens: "required" as "optional" | "required", httpEndpoint: "enabled" as "enabled" | "disabled", hopLimit: 2 };
  if (raw === undefined) return out;
  const spec = parseShorthand("metadata-options", raw);
  for (const [key, value] of Object.entries(spec)) {
    const v = String(value);
    if (key === "HttpTokens") out.httpTokens = v as typeof out.httpTokens;
    else if (key === "HttpEndpoint") out.httpEndpoint = v as typeof out.httpEndpoint;
    else if (key === "HttpPutResponseHopLimit") {
      if (!/^-?\d+$/.test(v)) throw new UsageError(`Parameter validation failed:\nInvalid type for parameter MetadataOptions.HttpPutResponseHopLimit, value: ${v}, type: <class 'str'>, valid types: <class 'int'>`);
      out.hopLimit = Number(v);
    } else if (!["HttpProtocolIpv6", "InstanceMetadataTags"].includes(key)) {
      throw new UsageError(`Parameter validation failed:\nUnknown parameter in MetadataOptions: "${key}", must be one of: HttpTokens, HttpPutResponseHopLimit, HttpEndpoint, HttpProtocolIpv6, InstanceMetadataTags`);
    }
  }
  return out;
}

/** `--filters Name=…,Values=… [Name=…,Values=…]` (or JSON) as name → values. */
function filters(call: CallContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const raw of call.values("filters")) {
    const specs = raw.trim().startsWith("[") ? parseJsonList(raw) : [parseShorthand("filters", raw)];
    for (const spec of specs) {
      if (typeof spec.Name !== "string") throw new UsageError("Parameter validation failed:\nMissing required parameter in Filters[0]: \"Name\"");
      out.set(spec.Name, [...(out.get(spec.Name) ?? []), ...asList(spec.Values as never)]);
    }
  }
  return out;
}

function changeState(api: string, key: string, operation: "stop" | "start" | "terminate", transitional: (previous: string) => string): Operation {
  return {
    api,
    flags: [{ name: "instance-ids", required: true, multiple: true }, { name: "force", boolean: true }],
    run: async (call) => tx(call, async (t) => {
      const out = [];
      for (const id of call.values("instance-ids")) {
        const result = await changeInstanceStateAs(t, { accountId: call.accountId, instanceId: id, operation }, call.principal, call.actor, call.now);
        out.push({ CurrentState: stateOf(transitional(result.previous)), InstanceId: id, PreviousState: stateOf(result.previous) });
      }
      return { [key]: out };
    }),
  };
}

export const operations: Record<string, Operation> = {
  "run-instances": {
    api: "RunInstances",
    flags: [{ name: "image-id" }, { name: "instance-type" }, { name: "iam-instance-profile" }, { name: "tag-specifications", multiple: true }, { name: "metadata-options" }, { name: "count" }, { name: "placement" }],
    run: async (call) => tx(call, async (t) => {
      const count = Number(call.value("count") ?? "1");
      if (!Number.isInteger(count) || count < 1 || count > 20) throw new UsageError(`argument --count: invalid value '${call.value("count")}' (1 to 20 here)`);
      const placement = call.text("placement") ? parseShorthand("placement", call.text("placement")!) : {};
      const input = {
        accountId: call.accountId,
        region: call.value("region") ?? "us-east-1",
        availabilityZone: typeof placement.AvailabilityZone === "string" ? placement.AvailabilityZone : undefined,
        instanceType: call.value("instance-type"),
        imageId: call.value("image-id"),
        tags: tagSpecifications(call),
        metadataOptions: metadataOptions(call),
        instanceProfile: profileParameter(call),
      };
      const instances = [];
      for (let i = 0; i < count; i++) {
        const launched = await runInstancesAs(t, input, call.principal, call.actor, call.now);
        instances.push(instanceShape(launched.instance, launched.profile ? { Arn: launched.profile.arn, Id: launched.profile.id } : null, "pending"));
      }
      return { Groups: [], Instances: instances, OwnerId: call.accountId, ReservationId: reservationId(String(instances[0].InstanceId)) };
    }),
  },
  "describe-instances": {
    api: "DescribeInstances",
    flags: [{ name: "instance-ids", multiple: true }, { name: "filters", multiple: true }],
    run: async (call) => tx(call, async (t) => {
      const { instances: kept, profiles } = await describeInstancesAs(t, { accountId: call.accountId, instanceIds: call.values("instance-ids"), filters: filters(call), requestedRegion: call.value("region") ?? "us-east-1" }, call.principal, call.now);
      return { Reservations: kept.map((r) => ({ Groups: [], Instances: [instanceShape(r, profiles.get(r.id) ?? null)], OwnerId: call.accountId, ReservationId: reservationId(r.id) })) };
    }),
  },
  "stop-instances": changeState("StopInstances", "StoppingInstances", "stop", (p) => (p === "stopped" ? "stopped" : "stopping")),
  "start-instances": changeState("StartInstances", "StartingInstances", "start", (p) => (p === "running" ? "running" : "pending")),
  "terminate-instances": changeState("TerminateInstances", "TerminatingInstances", "terminate", (p) => (p === "terminated" ? "terminated" : "shutting-down")),
  "associate-iam-instance-profile": {
    api: "AssociateIamInstanceProfile",
    flags: [{ name: "instance-id", required: true }, { name: "iam-instance-profile", required: true }],
    run: async (call) => tx(call, async (t) => ({
      IamInstanceProfileAssociation: await associateInstanceProfileAs(t, { accountId: call.accountId, instanceId: call.value("instance-id")!, instanceProfile: profileParameter(call)! }, call.principal, call.actor, call.now),
    })),
  },
  "replace-iam-instance-profile-association": {
    api: "ReplaceIamInstanceProfileAssociation",
    flags: [{ name: "association-id", required: true }, { name: "iam-instance-profile", required: true }],
    run: async (call) => tx(call, async (t) => ({
      IamInstanceProfileAssociation: await replaceInstanceProfileAs(t, { accountId: call.accountId, associationId: call.value("association-id")!, instanceProfile: profileParameter(call)! }, call.principal, call.actor, call.now),
    })),
  },
  "disassociate-iam-instance-profile": {
    api: "DisassociateIamInstanceProfile",
    flags: [{ name: "association-id", required: true }],
    run: async (call) => tx(call, async (t) => ({
      IamInstanceProfileAssociation: await disassociateInstanceProfileAs(t, { accountId: call.accountId, associationId: call.value("association-id")! }, call.principal, call.actor, call.now),
    })),
  },
  "describe-iam-instance-profile-associations": {
    api: "DescribeIamInstanceProfileAssociations",
    flags: [{ name: "association-ids", multiple: true }, { name: "filters", multiple: true }],
    run: async (call) => tx(call, async (t) => {
      const rows = await describeAssociationsAs(t, { accountId: call.accountId, associationIds: call.values("association-ids"), filters: filters(call), requestedRegion: call.value("region") ?? "us-east-1" }, call.principal, call.now);
      return { IamInstanceProfileAssociations: rows };
    }),
  },
};

export function run(argv: string[]): Promise<number> {
  return runService("ec2", operations, argv);
}
