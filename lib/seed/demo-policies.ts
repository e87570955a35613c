// The seed document's policies (shared/seed-policies.md), verbatim where the seed gives them.

export const ec2TrustPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export const ecsTasksTrustPolicy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export const getPicsPermissions = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "ListPhotosBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos" },
    { Sid: "ReadPhotos", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/*" },
  ],
};

/** "Console launch with any role (PassRole limited to EC2)". */
export const consoleLaunchWithAnyRole = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "IamPassRole", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } },
    { Sid: "ListEc2AndListInstanceProfiles", Effect: "Allow", Action: ["iam:ListInstanceProfiles", "ec2:Describe*", "ec2:Search*", "ec2:Get*"], Resource: "*" },
  ],
};

/** "Launch with one specific role only", with the seed's account-id placeholder filled in. */
export function launchWithGetPicsOnly(accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
      { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${accountId}:role/Get-pics` },
    ],
  };
}

/** Alice's own rights: launch instances and use S3 — nothing about IAM. */
export const launchInstancesAndUseS3 = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "LaunchInstances", Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
    { Sid: "UseS3", Effect: "Allow", Action: "s3:*", Resource: "*" },
  ],
};

function s3ReadOn(bucket: string) {
  return [
    {
      Sid: "AllowAccountLevelS3Actions",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"],
      Resource: "arn:aws:s3:::*",
    },
    {
      Sid: "AllowListAndReadS3ActionOnMyBucket",
      Effect: "Allow",
      Action: ["s3:Get*", "s3:List*"],
      Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}`],
    },
  ];
}

export const abcdPermissions = {
  Version: "2012-10-17",
  Statement: [
    ...s3ReadOn("amzn-s3-demo-bucket1"),
    { Sid: "AllowIPToAssumeCrossAccountRole", Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/efgh" },
  ],
};

export const abcdTrust = {
  Version: "2012-10-17",
  Statement: [{ Sid: "abcdTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
};

export const efghPermissions = { Version: "2012-10-17", Statement: s3ReadOn("amzn-s3-demo-bucket2") };

export const efghTrust = {
  Version: "2012-10-17",
  Statement: [{ Sid: "efghTrustPolicy", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::111111111111:role/abcd" } }],
};

/** The ECS task's own least-privilege role: thumbnails in the photos bucket, nothing else. */
export const thumbnailerTaskPermissions = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "ReadOriginals", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/originals/*" },
    { Sid: "WriteThumbnails", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket-photos/thumbnails/*" },
  ],
};

/** The photos bucket admits only the Get-pics role and the thumbnailer task role. */
export function photosBucketPolicy(accountId: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyOutsideTheAccount",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::amzn-s3-demo-bucket-photos", "arn:aws:s3:::amzn-s3-demo-bucket-photos/*"],
        Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } },
      },
    ],
  };
}
