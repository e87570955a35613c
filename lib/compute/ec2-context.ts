/**
 * The request context EC2 builds for an instance: its tags, type, zone, region, metadata options
 * and current instance profile, under the EC2 condition keys the Service Authorization Reference
 * lists for the instance resource type.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 */
import { arns } from "../iam/arns";
import { readTags } from "../iam/tags";

export type InstanceFacts = {
  id: string;
  accountId: string;
  region: string;
  availabilityZone: string;
  instanceType: string;
  tags: string;
  httpTokens: string;
  httpEndpoint: string;
  hopLimit: number;
};

export function instanceArn(instance: Pick<InstanceFacts, "region" | "accountId" | "id">): string {
  return arns.instance(instance.region, instance.accountId, instance.id);
}

/** EC2's keys for an existing instance; `profileArn` is the profile currently associated, if any. */
export function instanceContext(instance: InstanceFacts, profileArn?: string): Record<string, string> {
  const context: Record<string, string> = {
    "aws:RequestedRegion": instance.region,
    "ec2:Region": instance.region,
    "ec2:AvailabilityZone": instance.availabilityZone,
    "ec2:InstanceType": instance.instanceType,
    "ec2:MetadataHttpTokens": instance.httpTokens,
    "ec2:MetadataHttpEndpoint": instance.httpEndpoint,
    "ec2:MetadataHttpPutResponseHopLimit": String(instance.hopLimit),
    "ec2:InstanceID": instance.id,
  };
  if (profileArn) context["ec2:InstanceProfile"] = profileArn;
  for (const tag of readTags(instance.tags)) {
    context[`ec2:ResourceTag/${tag.Key}`] = tag.Value;
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  }
  return context;
}
