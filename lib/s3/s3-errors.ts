/**
 * S3's own error codes (S3 answers REST errors as `<Error><Code>…`, not as IAM's codes), with the
 * HTTP status S3 gives each. https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */
export const s3ErrorCodes = {
  /** The caller may not do this (also: a missing key without s3:ListBucket). */
  AccessDenied: 403,
  /** The bucket does not exist (in this workspace). */
  NoSuchBucket: 404,
  /** The key does not exist, and the caller may list the bucket. */
  NoSuchKey: 404,
  /** GetBucketPolicy on a bucket without a policy. */
  NoSuchBucketPolicy: 404,
  /** PutBucketPolicy with a document that is not a valid bucket policy. */
  MalformedPolicy: 400,
  /** The object is larger than Roleplay stores (16 MiB). */
  EntityTooLarge: 400,
  /** A Content-MD5 or x-amz-checksum-* header does not match the body. */
  BadDigest: 400,
  /** An object key longer than 1,024 bytes of UTF-8. */
  KeyTooLongError: 400,
  /** A parameter has a value S3 does not accept. */
  InvalidArgument: 400,
  /** The request is not one S3 takes in this form. */
  InvalidRequest: 400,
  /** The Range header names no byte of the object. */
  InvalidRange: 416,
  /** If-Match does not hold. */
  PreconditionFailed: 412,
  /** A bucket policy operation by a principal outside the bucket owner's account. */
  MethodNotAllowed: 405,
  /** The multipart upload id names no upload in progress for that bucket and key. */
  NoSuchUpload: 404,
  /** CompleteMultipartUpload lists a part that was not uploaded, or with another ETag. */
  InvalidPart: 400,
  /** CompleteMultipartUpload lists parts out of ascending order. */
  InvalidPartOrder: 400,
  /** A part other than the last is smaller than 5 MiB. */
  EntityTooSmall: 400,
  /** A request body that is not the XML S3 expects. */
  MalformedXML: 400,
  /** An S3 operation Roleplay does not serve. */
  NotImplemented: 501,
  /** The access key id is unknown (or inactive, or does not go with the session token). */
  InvalidAccessKeyId: 403,
  /** The signature does not match. */
  SignatureDoesNotMatch: 403,
  /** The session's credentials have expired. */
  ExpiredToken: 400,
  /** A request without any signature. */
  MissingSecurityHeader: 400,
  /** The signature's form is wrong (a malformed Authorization header or query parameters). */
  AuthorizationHeaderMalformed: 400,
} as const;

export type S3ErrorCode = keyof typeof s3ErrorCodes;

export class S3Error extends Error {
  readonly code: S3ErrorCode;
  /** Extra elements of S3's error document (BucketName, Key, …). */
  readonly fields: Record<string, string>;
  constructor(code: S3ErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = "S3Error";
    this.code = code;
    this.fields = fields;
  }
  get status(): number {
    return s3ErrorCodes[this.code];
  }
}

export function isS3Error(error: unknown): error is S3Error {
  return error instanceof S3Error;
}
