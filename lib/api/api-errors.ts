/**
 * Errors in each service's own shape. IAM and STS answer `<ErrorResponse><Error><Type>…<Code>…`,
 * EC2 `<Response><Errors><Error><Code>…</Errors><RequestID>…`, S3 `<Error><Code>…` (no body to a
 * HEAD). Whatever a service threw (AppError, StsError, S3Error, a zod error) becomes the code and
 * status that service would answer; anything else is the service's internal error.
 */
import { ZodError } from "zod";
import { isAppError, type AppError } from "../errors";
import { isStsError } from "../creds/sts-errors";
import { isS3Error, S3Error, s3ErrorCodes } from "../s3/s3-errors";
import { xmlEscape } from "../sts/sts-xml";
import { xmlChildren, xmlDeclaration } from "./xml";

export type QueryService = "iam" | "sts" | "ec2";
export type ApiService = QueryService | "s3";

/** A failure the door itself finds (an unknown Action, a missing parameter). */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "QueryError";
  }
}

export type ServiceFailure = { code: string; status: number; message: string; /** the AppError's details (the authorization explanation) */ details?: Record<string, unknown>; fields?: Record<string, string> };

const iamStatus: Record<string, number> = {
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  LimitExceeded: 409,
  DeleteConflict: 409,
  ConcurrentModification: 409,
  AccessDenied: 403,
  MalformedPolicyDocument: 400,
  InvalidInput: 400,
  ValidationError: 400,
};

function fromAppError(service: QueryService, error: AppError): ServiceFailure {
  const code = error.code === "Conflict" ? "ConcurrentModification" : error.code;
  const status = service === "ec2" ? (code === "UnauthorizedOperation" ? 403 : 400) : (iamStatus[code] ?? (error.status >= 500 ? 500 : 400));
  return { code, status, message: error.message, details: error.details };
}

/** What a Query service answers for `error`; undefined for an unexpected error (a bug). */
export function queryFailure(service: QueryService, error: unknown): ServiceFailure | undefined {
  if (error instanceof QueryError) return { code: error.code, status: error.status, message: error.message };
  if (isStsError(error)) return { code: error.code, status: error.status, message: error.message };
  if (isAppError(error)) return fromAppError(service, error);
  if (error instanceof ZodError) {
    const message = error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
    return service === "ec2" ? { code: "InvalidParameterValue", status: 400, message } : { code: "ValidationError", status: 400, message };
  }
  if (isS3Error(error)) return { code: error.code, status: error.status, message: error.message };
  return undefined;
}

const s3FromSts: Record<string, [keyof typeof s3ErrorCodes, string]> = {
  InvalidClientTokenId: ["InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."],
  ExpiredToken: ["ExpiredToken", "The provided token has expired."],
  MissingAuthenticationToken: ["AccessDenied", "Access Denied"],
  IncompleteSignature: ["AuthorizationHeaderMalformed", ""],
};

/** What S3 answers for `error`; undefined for an unexpected error. */
export function s3Failure(error: unknown): ServiceFailure | undefined {
  if (isS3Error(error)) return { code: error.code, status: error.status, message: error.message, fields: error.fields };
  if (isStsError(error)) {
    const mapped = s3FromSts[error.code];
    const s3 = mapped ? new S3Error(mapped[0], mapped[1] || error.message) : new S3Error(error.code === "AccessDenied" ? "AccessDenied" : "SignatureDoesNotMatch", error.message);
    return { code: s3.code, status: s3.status, message: s3.message };
  }
  if (isAppError(error)) {
    if (error.code === "AccessDenied") return { code: "AccessDenied", status: 403, message: error.message, details: error.details };
    if (error.code === "MalformedPolicyDocument" || error.code === "LimitExceeded") return { code: "MalformedPolicy", status: 400, message: error.message };
    if (error.code === "NoSuchEntity") return { code: "NoSuchBucket", status: 404, message: error.message };
    return { code: "InvalidRequest", status: 400, message: error.message, details: error.details };
  }
  if (error instanceof ZodError) return { code: "InvalidArgument", status: 400, message: error.issues.map((i) => i.message).join("; ") };
  return undefined;
}

const queryNamespaces: Record<QueryService, string> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
  ec2: "http://ec2.amazonaws.com/doc/2016-11-15/",
};

export function queryNamespace(service: QueryService): string {
  return queryNamespaces[service];
}

/** The error document of a Query service. */
export function queryErrorXml(service: QueryService, failure: ServiceFailure, requestId: string): string {
  if (service === "ec2") {
    return `${xmlDeclaration}<Response><Errors><Error><Code>${xmlEscape(failure.code)}</Code><Message>${xmlEscape(failure.message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  const type = failure.status >= 500 ? "Receiver" : "Sender";
  return `<ErrorResponse xmlns="${queryNamespaces[service]}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(failure.code)}</Code>\n    <Message>${xmlEscape(failure.message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
}

/** S3's error document. */
export function s3ErrorXml(failure: ServiceFailure, requestId: string, hostId: string): string {
  return `${xmlDeclaration}<Error>${xmlChildren({ Code: failure.code, Message: failure.message, ...failure.fields, RequestId: requestId, HostId: hostId }, "flat")}</Error>`;
}
