/**
 * STS's error codes, as AWS returns them in its Query API error documents. An `StsError` is an
 * expected failure of a credential operation; the STS door turns it into AWS's XML.
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
export const stsErrorCodes = {
  /** The caller may not do this: no identity permission, or the trust policy does not name it. */
  AccessDenied: { status: 403, type: "Sender" },
  /** A parameter breaks a constraint: session name, duration, role chaining's one hour. */
  ValidationError: { status: 400, type: "Sender" },
  /** The session policy passed with AssumeRole is not a valid policy. */
  MalformedPolicyDocument: { status: 400, type: "Sender" },
  /** The access key id is unknown, revoked, or does not go with the session token. */
  InvalidClientTokenId: { status: 403, type: "Sender" },
  /** The signature does not match the one computed with the key's secret (or has expired). */
  SignatureDoesNotMatch: { status: 403, type: "Sender" },
  /** The session token's credentials have expired (on the workspace clock). */
  ExpiredToken: { status: 400, type: "Sender" },
  /** The request carries no signature at all. */
  MissingAuthenticationToken: { status: 403, type: "Sender" },
  /** The Authorization header is not a well-formed SigV4 header. */
  IncompleteSignature: { status: 400, type: "Sender" },
  /** The Action is not one this endpoint serves. */
  InvalidAction: { status: 400, type: "Sender" },
  /** A required parameter is missing. */
  MissingParameter: { status: 400, type: "Sender" },
} as const;

export type StsErrorCode = keyof typeof stsErrorCodes;

export class StsError extends Error {
  readonly code: StsErrorCode;
  constructor(code: StsErrorCode, message: string) {
    super(message);
    this.name = "StsError";
    this.code = code;
  }
  get status(): number {
    return stsErrorCodes[this.code].status;
  }
  get type(): string {
    return stsErrorCodes[this.code].type;
  }
}

export function isStsError(error: unknown): error is StsError {
  return error instanceof StsError;
}
