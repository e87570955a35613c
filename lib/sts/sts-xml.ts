/** STS Query API response documents, in AWS's XML (namespace https://sts.amazonaws.com/doc/2011-06-15/). */
import { awsTimestamp } from "../creds/rotation";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export function assumeRoleResponse(input: {
  arn: string;
  assumedRoleId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  packedPolicySize: number | null;
  requestId: string;
}): string {
  return `<AssumeRoleResponse xmlns="${NS}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>${xmlEscape(input.assumedRoleId)}</AssumedRoleId>
      <Arn>${xmlEscape(input.arn)}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${input.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(input.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(input.sessionToken)}</SessionToken>
      <Expiration>${awsTimestamp(input.expiration)}</Expiration>
    </Credentials>${input.packedPolicySize === null ? "" : `\n    <PackedPolicySize>${input.packedPolicySize}</PackedPolicySize>`}
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${input.requestId}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`;
}

export function getCallerIdentityResponse(input: { arn: string; userId: string; account: string; requestId: string }): string {
  return `<GetCallerIdentityResponse xmlns="${NS}">
  <GetCallerIdentityResult>
    <Arn>${xmlEscape(input.arn)}</Arn>
    <UserId>${xmlEscape(input.userId)}</UserId>
    <Account>${input.account}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${input.requestId}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}

export function errorResponse(input: { type: string; code: string; message: string; requestId: string }): string {
  return `<ErrorResponse xmlns="${NS}">
  <Error>
    <Type>${input.type}</Type>
    <Code>${input.code}</Code>
    <Message>${xmlEscape(input.message)}</Message>
  </Error>
  <RequestId>${input.requestId}</RequestId>
</ErrorResponse>
`;
}
