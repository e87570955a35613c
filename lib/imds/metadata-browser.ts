/**
 * The console's view of an instance's metadata service: what each IMDS path answers right now
 * to an IMDSv1 request (no token) and to an IMDSv2 request (with a token), the credential
 * timeline on the workspace clock, and the commands to run code "on" the instance. Read-only:
 * it shows the credential set currently published without issuing one, secrets redacted.
 */
import type { Db, Tx } from "../db/create-client";
import { AppError } from "../errors";
import { clockNow, type ClockView } from "../creds/workspace-clock";
import { isServable } from "../creds/rotation";
import { loadWorkloadCredentials, type WorkloadCredentials } from "../creds/credential-state";
import { evaluateServiceTrust } from "../creds/service-trust";
import { nameTag } from "../iam/tags";
import { statementLabel } from "../policy/explain";
import { answerMetadataPath, loadInstanceMetadata, type CredentialSource } from "./instance-metadata";

/** An HTTP status, or 0 when nothing answers (the instance is not running). */
export type PathAnswer = { status: number; body: string | null; note?: string };

export type BrowsedPath = {
  path: string;
  /** What the path is for, in a line. */
  about: string;
  v1: PathAnswer;
  v2: PathAnswer;
};

export type InstanceMetadataBrowser = {
  instanceId: string;
  httpTokens: string;
  httpEndpoint: string;
  hopLimit: number;
  tokenRule: string;
  clock: ClockView;
  roleName: string | null;
  trust: { allowed: boolean; decisive: string[] } | null;
  paths: BrowsedPath[];
  /** Whether the instance has credentials, and the sets issued to it: the instances list reads the same. */
  credentials: WorkloadCredentials;
  commands: { imds: string; sts: string; environment: string[]; curl: string[] };
};

const redacted = "•••••• (served only to the instance)";

const about: Record<string, string> = {
  "/latest/meta-data/": "The top listing: one entry a line, folders end with /",
  "/latest/meta-data/instance-id": "The instance id",
  "/latest/meta-data/ami-id": "The AMI the instance was launched from",
  "/latest/meta-data/instance-type": "The instance type",
  "/latest/meta-data/placement/region": "The region (what SDKs use when none is configured)",
  "/latest/meta-data/placement/availability-zone": "The availability zone",
  "/latest/meta-data/local-ipv4": "The private IPv4 address",
  "/latest/meta-data/mac": "eth0's MAC address",
  "/latest/meta-data/hostname": "The private DNS hostname",
  "/latest/meta-data/iam/info": "The instance profile: present only while one is associated",
  "/latest/meta-data/iam/security-credentials/": "The role name, exactly, with no trailing newline",
  "/latest/dynamic/instance-identity/document": "The instance identity document (unsigned here)",
};

/** Describes the instance's metadata service now. `NoSuchEntity` when the instance is not in the account. */
export async function describeInstanceMetadata(db: Db | Tx, accountId: string, instanceId: string, realNow: Date, ports = { imds: 1338, sts: 4566 }): Promise<InstanceMetadataBrowser> {
  const view = await loadInstanceMetadata(db, instanceId);
  if (!view || view.instance.accountId !== accountId) throw new AppError("NoSuchEntity", `The instance ${instanceId} does not exist in account ${accountId}`);
  const account = await db.account.findUniqueOrThrow({ where: { id: accountId }, select: { workspace: { select: { clockOffsetSeconds: true, clockPausedAt: true } } } });
  const now = clockNow(account.workspace, realNow);
  const clock: ClockView = { now: now.toISOString(), paused: account.workspace.clockPausedAt !== null, offsetSeconds: account.workspace.clockOffsetSeconds };
  const { instance, role } = view;

  // Peek: the set the service would serve now, if one is published; never issue from the console.
  const peek: CredentialSource = async (r, at) => {
    const latest = await db.roleSession.findFirst({ where: { source: "instance", sourceId: instanceId, roleId: r.id, revokedAt: null, issuedAt: { lte: at } }, orderBy: { issuedAt: "desc" }, select: { accessKeyId: true, issuedAt: true, expiresAt: true } });
    if (!latest || !isServable(latest, at)) return { accessKeyId: "(a new set is issued on the next request)", secretAccessKey: redacted, sessionToken: redacted, issuedAt: at, expiresAt: new Date(at.getTime() + 6 * 3600 * 1000) };
    return { ...latest, secretAccessKey: redacted, sessionToken: redacted };
  };

  const paths = Object.keys(about);
  if (role) paths.splice(paths.indexOf("/latest/dynamic/instance-identity/document"), 0, `/latest/meta-data/iam/security-credentials/${role.name}`);
  const disabled = instance.httpEndpoint === "disabled";
  const running = instance.state === "running" || instance.state === "pending";
  const required = instance.httpTokens !== "optional";
  const browsed: BrowsedPath[] = [];
  for (const path of paths) {
    const answer = await answerMetadataPath(view, path, now, peek);
    const served: PathAnswer = answer.status === 200 ? { status: 200, body: answer.body } : { status: 404, body: null, note: path.includes("/iam/") ? "No instance profile (or no role in it): the iam/ paths are absent" : "Not found" };
    const v2: PathAnswer = !running
      ? { status: 0, body: null, note: `The instance is ${instance.state}: nothing on it runs, nothing answers` }
      : disabled
        ? { status: 403, body: null, note: "HttpEndpoint=disabled: the metadata service refuses every request" }
        : served;
    const v1: PathAnswer = !running || disabled ? v2 : required ? { status: 401, body: null, note: "HttpTokens=required: a request without a session token is refused" } : served;
    browsed.push({ path, about: about[path] ?? "The role's temporary credentials (rotated automatically)", v1, v2 });
  }

  const trust = role ? evaluateServiceTrust(role, "ec2.amazonaws.com", now) : null;
  const tokenRule = disabled
    ? "HttpEndpoint is disabled: every request, the token PUT included, gets 403 Forbidden. SDKs find no credentials."
    : required
      ? "HttpTokens=required (IMDSv2 only): first PUT /latest/api/token with X-aws-ec2-metadata-token-ttl-seconds (1–21600), then send the token in X-aws-ec2-metadata-token. A GET without a valid token gets 401. A PUT relayed with X-Forwarded-For gets no token."
      : "HttpTokens=optional: IMDSv1 GETs without a token still work (an SSRF in any app can read the role's credentials). A request that does carry a token must carry a valid one (else 401). Require tokens to close the gap.";
  const ref = nameTag(instance.tags) ?? instance.id;
  return {
    instanceId: instance.id,
    httpTokens: instance.httpTokens,
    httpEndpoint: instance.httpEndpoint,
    hopLimit: instance.hopLimit,
    tokenRule,
    clock,
    roleName: role?.name ?? null,
    trust: trust ? { allowed: trust.allowed, decisive: (trust.result?.decisive ?? []).map((d) => `${d.policy} ${statementLabel(d)}`) } : null,
    paths: browsed,
    credentials: (await loadWorkloadCredentials(db, "instance", "ec2.amazonaws.com", [{ id: instance.id, role }], now)).get(instance.id)!,
    commands: {
      imds: `npx roleplay imds --instance ${ref} --port ${ports.imds}`,
      sts: `npx roleplay sts --port ${ports.sts}`,
      environment: [`export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:${ports.imds}/`, `export AWS_ENDPOINT_URL_STS=http://127.0.0.1:${ports.sts}`, `export AWS_REGION=${instance.region}`],
      curl: [
        `TOKEN=$(curl -s -X PUT http://127.0.0.1:${ports.imds}/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 21600")`,
        `curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://127.0.0.1:${ports.imds}/latest/meta-data/iam/security-credentials/${role?.name ?? ""}`,
      ],
    },
  };
}
