import type { FieldError, ProblemKind } from '../../schemas/problem.ts';

/**
 * A failure the caller can be told about. The HTTP layer turns it into problem+json using the kind's
 * catalogue entry; `detail` must never contain personal data.
 */
export class AppError extends Error {
  readonly kind: ProblemKind;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  /** For a failure that passes (a lost race): the caller may retry after this many seconds (HTTP Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    kind: ProblemKind,
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.errors = options.errors;
    this.extensions = options.extensions;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** A well-formed request whose content breaks a rule (422 with field errors). */
export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail = `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}`) {
    super('validation', detail, { errors });
    this.name = 'ValidationError';
  }
}

/** Unknown resource, or one the caller may not see: the two are indistinguishable by design. */
export class NotFoundError extends AppError {
  constructor(detail = 'No such resource') {
    super('not-found', detail);
    this.name = 'NotFoundError';
  }
}

/** Missing, malformed, expired or otherwise unacceptable credentials. */
export class UnauthorizedError extends AppError {
  constructor(detail = 'A valid bearer token is required', options: { cause?: unknown } = {}) {
    super('unauthorized', detail, options);
    this.name = 'UnauthorizedError';
  }
}

/** Authenticated, but the role may never call this operation. */
export class ForbiddenError extends AppError {
  constructor(detail = 'Your role may not call this operation') {
    super('forbidden', detail);
    this.name = 'ForbiddenError';
  }
}
