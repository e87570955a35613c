/** ARNs of the workspace's entities, built one way everywhere. */
export const arns = {
  accountRoot: (account: string) => `arn:aws:iam::${account}:root`,
  user: (account: string, path: string, name: string) => `arn:aws:iam::${account}:user${path}${name}`,
  group: (account: string, path: string, name: string) => `arn:aws:iam::${account}:group${path}${name}`,
  role: (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`,
  assumedRole: (account: string, roleName: string, session: string) =>
    `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
  policy: (account: string, path: string, name: string) => `arn:aws:iam::${account}:policy${path}${name}`,
  instanceProfile: (account: string, path: string, name: string) =>
    `arn:aws:iam::${account}:instance-profile${path}${name}`,
  instance: (region: string, account: string, id: string) => `arn:aws:ec2:${region}:${account}:instance/${id}`,
  ecsCluster: (region: string, account: string, name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`,
  ecsTask: (region: string, account: string, cluster: string, id: string) =>
    `arn:aws:ecs:${region}:${account}:task/${cluster}/${id}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
};

export type ParsedIamArn = { account: string; kind: string; path: string; name: string };

/** Splits an IAM ARN such as arn:aws:iam::111111111111:role/service-role/Name. */
export function parseIamArn(arn: string): ParsedIamArn | undefined {
  const match = /^arn:aws:iam::(\d{12}|aws):([a-z-]+)(\/(?:.*\/)?)?([^/]+)$/.exec(arn);
  if (!match) return undefined;
  return { account: match[1], kind: match[2], path: match[3] ?? "/", name: match[4] };
}

export function isAwsManagedPolicyArn(arn: string): boolean {
  return arn.startsWith("arn:aws:iam::aws:policy/");
}
