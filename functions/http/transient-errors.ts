import type { ProblemKind } from '../../schemas/problem.ts';
import type { TransientFailureKind } from '../core/ports/transient-failures.ts';

/** What a client is told about a failure of the stores that is not its mistake and may pass: kind, detail, Retry-After (s). */
export interface TransientProblem {
  kind: ProblemKind;
  detail: string;
  retryAfterSeconds: number;
}

/** DynamoDB and SQS answers that mean "too much at once" (the SDK has retried them already). */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'KMSThrottlingException',
]);

/** Failures of the way to a store or of the store itself, not of the request. */
const UNAVAILABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

const codeOf = (error: Error) => (error as Error & { code?: unknown }).code;

/**
 * Classifies an error no layer handled: contention (two writers on the same items; DynamoDB's
 * `TransactionConflict` cancellation or `TransactionConflictException`) is a 409 that may be retried;
 * throttling, timeouts, unreachable stores and the stores' own 5xx are a 503. Both carry Retry-After,
 * and since nothing of a failed transaction was written, an Idempotency-Key stays usable for the retry
 * (or, where the write did commit and only its answer was lost, the retry is answered as a replay).
 * Anything else is no transient failure (undefined): a 500.
 */
export function transientProblem(error: Error): TransientProblem | undefined {
  const reasons = (error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  if (error.name === 'TransactionConflictException' || error.name === 'TransactionInProgressException') {
    return { kind: 'conflict', detail: 'A concurrent request changed the same data; retry shortly', retryAfterSeconds: 1 };
  }
  if (error.name === 'TransactionCanceledException') {
    const codes = reasons.map((r) => r.Code);
    if (codes.includes('TransactionConflict')) {
      return { kind: 'conflict', detail: 'A concurrent request changed the same data; retry shortly', retryAfterSeconds: 1 };
    }
    if (codes.some((c) => c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded')) {
      return { kind: 'service-unavailable', detail: 'The data store is busy; retry shortly', retryAfterSeconds: 2 };
    }
    return undefined;
  }
  if (THROTTLING.has(error.name))
    return { kind: 'service-unavailable', detail: 'The data store is busy; retry shortly', retryAfterSeconds: 2 };
  const code = codeOf(error);
  const serverFault = (error as Error & { $fault?: string }).$fault === 'server';
  if (UNAVAILABLE.has(error.name) || (typeof code === 'string' && UNAVAILABLE.has(code)) || serverFault) {
    return { kind: 'service-unavailable', detail: 'A data store did not answer in time; retry shortly', retryAfterSeconds: 1 };
  }
  return undefined;
}

/**
 * {@link transientProblem} as the core's port sees it (functions/core/ports/transient-failures.ts): a
 * conflict, an unavailable store, or `undefined` for anything else (also for a thrown non-Error).
 */
export function transientFailureKind(error: unknown): TransientFailureKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const problem = transientProblem(error);
  if (!problem) return undefined;
  return problem.kind === 'conflict' ? 'conflict' : 'unavailable';
}
