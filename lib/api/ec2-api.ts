/**
 * EC2's Query API over the workspace: instances and instance profile associations, through the
 * services that act as the caller (lib/compute: run-instances-as, profile-associations,
 * describe-instances — the same the console and `roleplay ec2` use), answered in EC2's XML
 * (lower-camel element names, lists as `<item>`, `requestId` first). `DryRun=true` runs the
 * operation's checks and undoes everything: `DryRunOperation` when it would have succeeded.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/OperationList-query-ec2.html
 */
import type { Tx } from "../db/create-client";
import type { InstanceRow } from "../imds/instance-metadata";
import { readTags } from "../iam/tags";
import { changeInstanceStateAs, runInstancesAs } from "../compute/run-instances-as";
import { associateInstanceProfileAs, disassociateInstanceProfileAs, replaceInstanceProfileAs, type AssociationView } from "../compute/profile-associations";
import { describeAssociationsAs, describeInstancesAs, type Ec2Filters, type ProfileRef } from "../compute/describe-instances";
import { queryNamespace, QueryError } from "./api-errors";
import { xmlChildren, xmlDeclaration, type XmlValue } from "./xml";
import type { QueryCall } from "./query-call";

const stateCodes: Record<string, number> = { pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 };
const stateOf = (name: string) => ({ code: stateCodes[name] ?? 0, name });

function instanceShape(instance: InstanceRow, profile: ProfileRef | null | undefined, stateOverride?: string): XmlValue {
  const tags = readTags(instance.tags);
  const host = `ip-${instance.privateIp.replaceAll(".", "-")}.${instance.region === "us-east-1" ? "ec2.internal" : `${instance.region}.compute.internal`}`;
  return {
    instanceId: instance.id,
    imageId: instance.imageId,
    instanceState: stateOf(stateOverride ?? instance.state),
    privateDnsName: host,
    dnsName: "",
    reason: "",
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime: instance.launchedAt,
    placement: { availabilityZone: instance.availabilityZone, groupName: "", tenancy: "default" },
    monitoring: { state: "disabled" },
    privateIpAddress: instance.privateIp,
    groupSet: [],
    architecture: /^[a-z]+\d+g/.test(instance.instanceType) ? "arm64" : "x86_64",
    rootDeviceType: "ebs",
    rootDeviceName: "/dev/xvda",
    blockDeviceMapping: [],
    virtualizationType: "hvm",
    tagSet: tags.length ? tags.map((t) => ({ key: t.Key, value: t.Value })) : undefined,
    hypervisor: "xen",
    iamInstanceProfile: profile ? { arn: profile.Arn, id: profile.Id } : undefined,
    metadataOptions: {
      state: stateOverride === "pending" ? "pending" : "applied",
      httpTokens: instance.httpTokens,
      httpPutResponseHopLimit: instance.hopLimit,
      httpEndpoint: instance.httpEndpoint,
      httpProtocolIpv6: "disabled",
      instanceMetadataTags: "disabled",
    },
  };
}

const reservationId = (instanceId: string) => `r-${instanceId.slice(2)}`;

function associationShape(a: AssociationView): XmlValue {
  return { associationId: a.AssociationId, instanceId: a.InstanceId, iamInstanceProfile: { arn: a.IamInstanceProfile.Arn, id: a.IamInstanceProfile.Id }, state: a.State, timestamp: a.Timestamp ? new Date(a.Timestamp) : undefined };
}

function invalid(message: string): QueryError {
  return new QueryError("InvalidParameterValue", 400, message);
}

function need(call: QueryCall, name: string): string {
  const value = call.params.get(name);
  if (value === undefined || value === "") throw new QueryError("MissingParameter", 400, `The request must contain the parameter ${name}`);
  return value;
}

function integer(call: QueryCall, name: string): number | undefined {
  const value = call.params.get(name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`Invalid value '${value}' for ${name}`);
  return Number(value);
}

/** `IamInstanceProfile.Name` or `IamInstanceProfile.Arn` (the ARN wins, as EC2 takes either). */
function profileParameter(call: QueryCall, required: boolean): string | undefined {
  const spec = call.params.sub("IamInstanceProfile");
  const value = spec.get("Arn") ?? spec.get("Name");
  if (required && value === undefined) throw new QueryError("MissingParameter", 400, "The request must contain the parameter IamInstanceProfile");
  return value;
}

function filtersParam(call: QueryCall): Ec2Filters {
  const out: Ec2Filters = new Map();
  for (const filter of call.params.structs("Filter")) {
    const name = filter.get("Name");
    if (!name) throw new QueryError("MissingParameter", 400, "The request must contain the parameter Filter.N.Name");
    out.set(name, [...(out.get(name) ?? []), ...filter.list("Value")]);
  }
  return out;
}

function instanceTags(call: QueryCall) {
  const tags: { Key: string; Value: string }[] = [];
  for (const spec of call.params.structs("TagSpecification")) {
    const type = spec.get("ResourceType");
    if (type !== undefined && type !== "instance") continue;
    for (const tag of spec.structs("Tag")) {
      const key = tag.get("Key");
      if (key === undefined) throw new QueryError("MissingParameter", 400, "The request must contain the parameter TagSpecification.N.Tag.N.Key");
      tags.push({ Key: key, Value: tag.get("Value") ?? "" });
    }
  }
  return tags;
}

function metadataOptions(call: QueryCall) {
  const spec = call.params.sub("MetadataOptions");
  const hop = spec.get("HttpPutResponseHopLimit");
  if (hop !== undefined && !/^\d+$/.test(hop)) throw invalid(`Invalid value '${hop}' for MetadataOptions.HttpPutResponseHopLimit`);
  return {
    httpTokens: (spec.get("HttpTokens") ?? "required") as "optional" | "required",
    httpEndpoint: (spec.get("HttpEndpoint") ?? "enabled") as "enabled" | "disabled",
    hopLimit: hop === undefined ? 2 : Number(hop),
  };
}

type Operation = (call: QueryCall, tx: Tx) => Promise<Record<string, XmlValue>>;

function changeState(operation: "stop" | "start" | "terminate", transitional: (previous: string) => string): Operation {
  return async (call, t) => {
    const ids = call.params.list("InstanceId");
    if (ids.length === 0) need(call, "InstanceId");
    const out: XmlValue[] = [];
    for (const id of ids) {
      const result = await changeInstanceStateAs(t, { accountId: call.accountId, instanceId: id, operation }, call.principal, call.actor, call.now);
      out.push({ instanceId: id, currentState: stateOf(transitional(result.previous)), previousState: stateOf(result.previous) });
    }
    return { instancesSet: out };
  };
}

const operations: Record<string, Operation> = {
  RunInstances: async (call, t) => {
    const min = integer(call, "MinCount") ?? 1;
    const max = integer(call, "MaxCount") ?? min;
    if (min < 1 || max < min) throw invalid(`Invalid instance count: MinCount ${min}, MaxCount ${max}`);
    if (max > 20) throw new QueryError("InstanceLimitExceeded", 400, "You have requested more instances (up to 20 at a time here) than your current instance limit allows.");
    const placement = call.params.sub("Placement");
    const input = {
      accountId: call.accountId,
      region: call.region,
      availabilityZone: placement.get("AvailabilityZone"),
      instanceType: call.params.get("InstanceType"),
      imageId: call.params.get("ImageId"),
      tags: instanceTags(call),
      metadataOptions: metadataOptions(call),
      instanceProfile: profileParameter(call, false),
    };
    const launched = [];
    for (let i = 0; i < max; i++) launched.push(await runInstancesAs(t, input, call.principal, call.actor, call.now, call.random));
    const first = launched[0].instance.id;
    return {
      reservationId: reservationId(first),
      ownerId: call.accountId,
      groupSet: [],
      instancesSet: launched.map((l) => instanceShape(l.instance, l.profile ? { Arn: l.profile.arn, Id: l.profile.id } : null, "pending")),
    };
  },
  DescribeInstances: async (call, t) => {
    const { instances, profiles } = await describeInstancesAs(
      t,
      { accountId: call.accountId, instanceIds: call.params.list("InstanceId"), filters: filtersParam(call), region: call.region, requestedRegion: call.region },
      call.principal,
      call.now,
    );
    return {
      reservationSet: instances.map((r) => ({ reservationId: reservationId(r.id), ownerId: call.accountId, groupSet: [], instancesSet: [instanceShape(r, profiles.get(r.id))] })),
    };
  },
  StopInstances: changeState("stop", (p) => (p === "stopped" ? "stopped" : "stopping")),
  StartInstances: changeState("start", (p) => (p === "running" ? "running" : "pending")),
  TerminateInstances: changeState("terminate", (p) => (p === "terminated" ? "terminated" : "shutting-down")),
  AssociateIamInstanceProfile: async (call, t) => ({
    iamInstanceProfileAssociation: associationShape(
      await associateInstanceProfileAs(t, { accountId: call.accountId, instanceId: need(call, "InstanceId"), instanceProfile: profileParameter(call, true)! }, call.principal, call.actor, call.now, call.random),
    ),
  }),
  ReplaceIamInstanceProfileAssociation: async (call, t) => ({
    iamInstanceProfileAssociation: associationShape(
      await replaceInstanceProfileAs(t, { accountId: call.accountId, associationId: need(call, "AssociationId"), instanceProfile: profileParameter(call, true)! }, call.principal, call.actor, call.now, call.random),
    ),
  }),
  DisassociateIamInstanceProfile: async (call, t) => ({
    iamInstanceProfileAssociation: associationShape(await disassociateInstanceProfileAs(t, { accountId: call.accountId, associationId: need(call, "AssociationId") }, call.principal, call.actor, call.now)),
  }),
  DescribeIamInstanceProfileAssociations: async (call, t) => {
    const rows = await describeAssociationsAs(t, { accountId: call.accountId, associationIds: call.params.list("AssociationId"), filters: filtersParam(call), requestedRegion: call.region }, call.principal, call.now);
    return { iamInstanceProfileAssociationSet: rows.map(associationShape) };
  },
};

/** Thrown at the end of a dry run, so that its transaction rolls back. */
class DryRunSucceeded extends Error {}

/** Answers one EC2 Query request as the caller, in one transaction (a failure writes nothing). */
export async function answerEc2(call: QueryCall): Promise<string> {
  const action = call.params.get("Action") ?? "";
  const operation = operations[action];
  if (!operation) throw new QueryError("InvalidAction", 400, `The action ${action} is not valid for this web service (Roleplay's EC2 serves ${Object.keys(operations).join(", ")}).`);
  const dryRun = call.params.get("DryRun") === "true";
  let result: Record<string, XmlValue>;
  try {
    result = await call.db.$transaction(
      async (t) => {
        const answer = await operation(call, t);
        if (dryRun) throw new DryRunSucceeded();
        return answer;
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    if (error instanceof DryRunSucceeded) throw new QueryError("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
    throw error;
  }
  return `${xmlDeclaration}<${action}Response xmlns="${queryNamespace("ec2")}"><requestId>${call.requestId}</requestId>${xmlChildren(result, "item")}</${action}Response>`;
}

export const ec2Operations = Object.keys(operations);
