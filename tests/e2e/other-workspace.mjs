// A second workspace in the browser tests' database, with names found nowhere else, so that a
// response shown to a trainee confined to the demo workspace can be searched for any of them.
export const otherWorkspace = {
  workspaceId: "e2e-zebra",
  workspaceName: "Zebra research lab",
  account: "444455556666",
  accountName: "Zebra research",
  role: "zebra-vault-operator",
  roleId: "AROAZEBRAVAULT0000001",
  roleDescription: "Opens the quagga strongroom",
  inlinePolicy: "zebra-inline-okapi",
  /** Appears only inside the other workspace's policy documents. */
  policySnippets: ["zebra-vault-secret-bucket", "ZebraSidQuagga"],
  managedPolicy: "zebra-managed-tapir",
  user: "zebra-auditor-ibex",
  group: "zebra-group-kudu",
  bucket: "zebra-vault-secret-bucket",
  instance: "zebra-vault-runner",
};

/** The other workspace as `aws iam get-account-authorization-details` would print it. */
export function otherWorkspaceDetails() {
  const o = otherWorkspace;
  const readVault = {
    Version: "2012-10-17",
    Statement: [{ Sid: "ZebraSidQuagga", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [`arn:aws:s3:::${o.bucket}`, `arn:aws:s3:::${o.bucket}/*`] }],
  };
  return {
    UserDetailList: [{ UserName: o.user, UserId: "AIDAZEBRAAUDITOR00001", Path: "/", Arn: `arn:aws:iam::${o.account}:user/${o.user}`, GroupList: [o.group], AttachedManagedPolicies: [{ PolicyName: o.managedPolicy, PolicyArn: `arn:aws:iam::${o.account}:policy/${o.managedPolicy}` }] }],
    GroupDetailList: [{ GroupName: o.group, GroupId: "AGPAZEBRAGROUP0000001", Path: "/", Arn: `arn:aws:iam::${o.account}:group/${o.group}` }],
    RoleDetailList: [
      {
        RoleName: o.role,
        RoleId: o.roleId,
        Path: "/",
        Arn: `arn:aws:iam::${o.account}:role/${o.role}`,
        Description: o.roleDescription,
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        InstanceProfileList: [{ InstanceProfileName: o.role, InstanceProfileId: "AIPAZEBRAPROFILE00001", Path: "/", Arn: `arn:aws:iam::${o.account}:instance-profile/${o.role}`, Roles: [{ RoleName: o.role }] }],
        RolePolicyList: [{ PolicyName: o.inlinePolicy, PolicyDocument: readVault }],
        AttachedManagedPolicies: [{ PolicyName: o.managedPolicy, PolicyArn: `arn:aws:iam::${o.account}:policy/${o.managedPolicy}` }],
        Tags: [{ Key: "team", Value: "zebra-team-okapi" }],
      },
    ],
    Policies: [{ PolicyName: o.managedPolicy, PolicyId: "ANPAZEBRATAPIR0000001", Arn: `arn:aws:iam::${o.account}:policy/${o.managedPolicy}`, Path: "/", DefaultVersionId: "v1", PolicyVersionList: [{ VersionId: "v1", IsDefaultVersion: true, Document: readVault }] }],
  };
}
