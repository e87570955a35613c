/**
 * What an instance's metadata service answers, path by path, from a live read of the database:
 * the same function serves `roleplay imds` and the console's metadata browser. Paths, listings and
 * documents follow imds-behaviour.md §4–5 (instance metadata categories, iam/info, credentials,
 * the identity document, AssumeRoleUnauthorizedAccess).
 */
import { createHash } from "node:crypto";
import type { Db, Tx } from "../db/create-client";
import { arns } from "../iam/arns";
import { readTags } from "../iam/tags";
import { awsTimestamp } from "../creds/rotation";
import { evaluateServiceTrust } from "../creds/service-trust";
import type { RoleRow } from "../creds/role-policies";

export type InstanceRow = {
  id: string;
  accountId: string;
  region: string;
  availabilityZone: string;
  instanceType: string;
  imageId: string;
  state: string;
  privateIp: string;
  tags: string;
  httpTokens: string;
  httpEndpoint: string;
  hopLimit: number;
  launchedAt: Date;
};

/** An instance as its metadata service sees it at one moment. */
export type InstanceMetadata = {
  instance: InstanceRow;
  profile: { arn: string; id: string; lastUpdated: Date } | null;
  role: RoleRow | null;
};

/** Reads the instance, its current profile association and the profile's role; null when the instance is gone. */
export async function loadInstanceMetadata(db: Db | Tx, instanceId: string): Promise<InstanceMetadata | null> {
  const instance = await db.instance.findUnique({
    where: { id: instanceId },
    include: {
      associations: {
        where: { state: { in: ["associating", "associated"] } },
        orderBy: { createdAt: "desc" },
        take: 1,
        include: { instanceProfile: { include: { role: true } } },
      },
    },
  });
  if (!instance) return null;
  const association = instance.associations[0];
  const profile = association?.instanceProfile;
  return {
    instance,
    profile: profile ? { arn: arns.instanceProfile(profile.accountId, profile.path, profile.name), id: profile.id, lastUpdated: association.updatedAt } : null,
    role: profile?.role ?? null,
  };
}

/** Finds instances by id or Name tag across the workspace's accounts (one match, or several to disambiguate). */
export async function findInstancesByIdOrName(db: Db | Tx, ref: string): Promise<{ id: string; accountId: string; name: string | null }[]> {
  const rows = await db.instance.findMany({ select: { id: true, accountId: true, tags: true, state: true }, orderBy: { launchedAt: "asc" } });
  const all = rows.map((r) => ({ id: r.id, accountId: r.accountId, state: r.state, name: readTags(r.tags).find((t) => t.Key === "Name")?.Value ?? null }));
  const byId = all.filter((r) => r.id === ref);
  if (byId.length) return byId;
  // A Name tag may outlive a terminated instance: prefer the live ones.
  const named = all.filter((r) => r.name === ref);
  const live = named.filter((r) => r.state !== "terminated");
  return live.length ? live : named;
}

/** Every instance, for error messages that list the valid choices. */
export async function listInstanceChoices(db: Db | Tx): Promise<{ id: string; accountId: string; name: string | null; state: string }[]> {
  const rows = await db.instance.findMany({ select: { id: true, accountId: true, tags: true, state: true }, orderBy: { launchedAt: "asc" } });
  return rows.map((r) => ({ id: r.id, accountId: r.accountId, state: r.state, name: readTags(r.tags).find((t) => t.Key === "Name")?.Value ?? null }));
}

/** The JSON documents IMDS serves, pretty-printed as the real service does (`"Code" : "Success"`). */
export function imdsJson(fields: Record<string, unknown>): string {
  const lines = Object.entries(fields).map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`);
  return `{\n${lines.join(",\n")}\n}`;
}

export function hostnameOf(instance: Pick<InstanceRow, "privateIp" | "region">): string {
  const host = `ip-${instance.privateIp.replaceAll(".", "-")}`;
  return instance.region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${instance.region}.compute.internal`;
}

/** eth0's MAC: a stable, locally administered address derived from the instance id. */
export function macOf(instanceId: string): string {
  const bytes = createHash("sha256").update(instanceId).digest().subarray(0, 5);
  return ["0e", ...Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))].join(":");
}

/** Graviton families (t4g, m6g, c7gn, …) are arm64; the rest x86_64. */
export function architectureOf(instanceType: string): string {
  const family = /^[a-z]+\d+([a-z-]*)\./.exec(instanceType);
  return family && family[1].includes("g") ? "arm64" : "x86_64";
}

export function identityDocument(instance: InstanceRow): string {
  return imdsJson({
    accountId: instance.accountId,
    architecture: architectureOf(instance.instanceType),
    availabilityZone: instance.availabilityZone,
    billingProducts: null,
    devpayProductCodes: null,
    marketplaceProductCodes: null,
    imageId: instance.imageId,
    instanceId: instance.id,
    instanceType: instance.instanceType,
    kernelId: null,
    pendingTime: awsTimestamp(instance.launchedAt),
    privateIp: instance.privateIp,
    ramdiskId: null,
    region: instance.region,
    version: "2017-09-30",
  });
}

/** A credential set as the credentials path shows it. */
export type CredentialSet = { accessKeyId: string; secretAccessKey: string; sessionToken: string; issuedAt: Date; expiresAt: Date };

/** What a GET answers: 200 with a text body, or 404. */
export type MetadataAnswer = { status: 200; body: string; kind: "listing" | "text" | "json" } | { status: 404 };

/** How credentials are obtained: the IMDS server issues them; the console only peeks. */
export type CredentialSource = (role: RoleRow, now: Date) => Promise<CredentialSet | null>;

type Node = { dir: Record<string, Node> } | { leaf: () => Promise<MetadataAnswer> | MetadataAnswer };

const text = (body: string): MetadataAnswer => ({ status: 200, body, kind: "text" });
const json = (body: string): MetadataAnswer => ({ status: 200, body, kind: "json" });
const leaf = (fn: () => Promise<MetadataAnswer> | MetadataAnswer): Node => ({ leaf: fn });

function tree(view: InstanceMetadata, now: Date, credentials: CredentialSource): Node {
  const { instance, profile, role } = view;
  const hostname = hostnameOf(instance);
  const metaData: Record<string, Node> = {
    "ami-id": leaf(() => text(instance.imageId)),
    hostname: leaf(() => text(hostname)),
    "instance-id": leaf(() => text(instance.id)),
    "instance-type": leaf(() => text(instance.instanceType)),
    "local-hostname": leaf(() => text(hostname)),
    "local-ipv4": leaf(() => text(instance.privateIp)),
    mac: leaf(() => text(macOf(instance.id))),
    placement: {
      dir: {
        "availability-zone": leaf(() => text(instance.availabilityZone)),
        region: leaf(() => text(instance.region)),
      },
    },
  };
  if (profile) {
    const iam: Record<string, Node> = {
      info: leaf(() =>
        json(
          imdsJson({
            Code: "Success",
            ...(role ? {} : { Message: "Instance Profile does not contain a role..." }),
            LastUpdated: awsTimestamp(profile.lastUpdated),
            InstanceProfileArn: profile.arn,
            InstanceProfileId: profile.id,
          }),
        ),
      ),
    };
    // A profile without a role has nothing to list under security-credentials/.
    if (role) iam["security-credentials"] = { dir: { [role.name]: leaf(() => credentialsAnswer(role, now, credentials)) } };
    metaData.iam = { dir: iam };
  }
  return {
    dir: {
      latest: {
        dir: {
          dynamic: { dir: { "instance-identity": { dir: { document: leaf(() => json(identityDocument(instance))) } } } },
          "meta-data": { dir: metaData },
        },
      },
    },
  };
}

async function credentialsAnswer(role: RoleRow, now: Date, credentials: CredentialSource): Promise<MetadataAnswer> {
  const trust = evaluateServiceTrust(role, "ec2.amazonaws.com", now);
  if (!trust.allowed) {
    return json(
      imdsJson({
        Code: "AssumeRoleUnauthorizedAccess",
        Message: `EC2 cannot assume the role ${role.name}.  Please see documentation at http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.`,
        LastUpdated: awsTimestamp(now),
      }),
    );
  }
  const set = await credentials(role, now);
  if (!set) return { status: 404 };
  return json(
    imdsJson({
      Code: "Success",
      LastUpdated: awsTimestamp(set.issuedAt),
      Type: "AWS-HMAC",
      AccessKeyId: set.accessKeyId,
      SecretAccessKey: set.secretAccessKey,
      Token: set.sessionToken,
      Expiration: awsTimestamp(set.expiresAt),
    }),
  );
}

/**
 * Answers a GET of `path` (absolute, query removed). A directory lists its entries one a line,
 * sub-directories with a trailing `/`, no trailing newline (botocore appends the role name read
 * from `security-credentials/` to a URL as is). A leaf asked for with a trailing slash still
 * answers (botocore's region lookup does that).
 */
export async function answerMetadataPath(view: InstanceMetadata, path: string, now: Date, credentials: CredentialSource): Promise<MetadataAnswer> {
  if (!path.startsWith("/") || path.includes("//")) return { status: 404 };
  const segments = path.split("/").filter(Boolean);
  let node = tree(view, now, credentials);
  for (const segment of segments) {
    if (!("dir" in node) || !Object.hasOwn(node.dir, segment)) return { status: 404 };
    node = node.dir[segment];
  }
  if ("leaf" in node) return node.leaf();
  const dir = node.dir;
  const entries = Object.keys(dir)
    .sort()
    .map((name) => ("dir" in dir[name] ? `${name}/` : name));
  return { status: 200, body: entries.join("\n"), kind: "listing" };
}
