/**
 * Expected failures, with codes mirroring AWS's where AWS has one. Anything thrown that is not an
 * AppError is a bug: doors log it and show a generic failure.
 */
export const errorCodes = {
  /** The named entity does not exist (IAM `NoSuchEntity`). */
  NoSuchEntity: 404,
  /** An entity with that name already exists, ignoring case (IAM `EntityAlreadyExists`). */
  EntityAlreadyExists: 409,
  /** A quota would be exceeded: policy versions, roles per profile, policy size (`LimitExceeded`). */
  LimitExceeded: 409,
  /** The entity is still in use: a role in a profile, a policy still attached (`DeleteConflict`). */
  DeleteConflict: 409,
  /** A policy document breaks the grammar or is not JSON (`MalformedPolicyDocument`). */
  MalformedPolicyDocument: 400,
  /** A parameter is missing or has the wrong form (`InvalidInput`). */
  InvalidInput: 400,
  /** EC2: the resource is in a state that forbids the operation (`IncorrectState`). */
  IncorrectState: 409,
  /** EC2: a parameter names something unknown or impossible (`InvalidParameterValue`). */
  InvalidParameterValue: 400,
  /** EC2: the caller may not perform the operation, or pass the role it names (`UnauthorizedOperation`). */
  UnauthorizedOperation: 403,
  /** IAM and STS: the caller's policies do not allow the call (`AccessDenied`). */
  AccessDenied: 403,
  /** ECS: the caller's policies do not allow the call, PassRole included (`AccessDeniedException`). */
  AccessDeniedException: 403,
  /** EC2: no instance has this id (`InvalidInstanceID.NotFound`). */
  "InvalidInstanceID.NotFound": 400,
  /** EC2: no instance profile association has this id (`InvalidAssociationID.NotFound`). */
  "InvalidAssociationID.NotFound": 400,
  /** Someone saved a newer version of this entity first. */
  Conflict: 409,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for the UI: what holds an entity, the position of a JSON error, … */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
