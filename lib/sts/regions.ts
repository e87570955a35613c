/**
 * The regions whose STS endpoints Roleplay stands in for: those of the `aws` partition, the only
 * partition its ARNs and credentials belong to (China and GovCloud keep their own credentials).
 * A real regional endpoint refuses a credential scope naming any other region.
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 */
const AWS_PARTITION_REGIONS = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
]);

/** True when a SigV4 credential scope may name `region` at this endpoint. */
export function isStsRegion(region: string): boolean {
  return AWS_PARTITION_REGIONS.has(region);
}
