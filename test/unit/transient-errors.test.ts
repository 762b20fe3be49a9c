import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  TransactionCanceledException,
  TransactionConflictException,
  TransactionInProgressException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { transientProblem } from '../../functions/http/transient-errors.ts';

const $metadata = { httpStatusCode: 400 };

/** A cancelled transaction with one reason per item, as DynamoDB reports it. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata,
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** An error as the SDK or Node raise it, by name and optional properties. */
const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`a ${name}`), { name, ...extra });

describe('transientProblem', () => {
  it.each([
    ['a transaction cancelled for a conflicting one', cancelled('None', 'TransactionConflict')],
    ['a single write that met a transaction', new TransactionConflictException({ message: 'ongoing', $metadata })],
    ['a transaction whose token is still in progress', new TransactionInProgressException({ message: 'in progress', $metadata })],
  ])('answers contention (%s) 409 conflict with Retry-After 1 s', (_what, error) => {
    expect(transientProblem(error)).toEqual({
      kind: 'conflict',
      detail: 'A concurrent request changed the same data; retry shortly',
      retryAfterSeconds: 1,
    });
  });

  it.each([
    ['a transaction cancelled for throttling', cancelled('ThrottlingError')],
    ['a transaction cancelled for exceeded throughput', cancelled('None', 'ProvisionedThroughputExceeded')],
    ['exceeded provisioned throughput', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata })],
    ['an exceeded account request limit', new RequestLimitExceeded({ message: 'slow down', $metadata })],
    ['SQS or KMS throttling', named('ThrottlingException')],
    ['a throttled SQS request', named('RequestThrottled')],
    ['KMS throttling', named('KMSThrottlingException')],
  ])('answers throttling (%s) 503 with Retry-After 2 s', (_what, error) => {
    expect(transientProblem(error)).toEqual({
      kind: 'service-unavailable',
      detail: 'The data store is busy; retry shortly',
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['a request timeout of the SDK', named('TimeoutError')],
    ['an aborted request', named('AbortError')],
    ['an internal error of DynamoDB', new InternalServerError({ message: 'oops', $metadata: { httpStatusCode: 500 } })],
    ['an unavailable service', named('ServiceUnavailable')],
    ['a reset connection (by code)', named('Error', { code: 'ECONNRESET' })],
    ['a refused connection (by code)', named('Error', { code: 'ECONNREFUSED' })],
    ['any other fault the SDK marks as the server\u2019s', named('SomethingNew', { $fault: 'server' })],
  ])('answers an unavailable store (%s) 503 with Retry-After 1 s', (_what, error) => {
    expect(transientProblem(error)).toEqual({
      kind: 'service-unavailable',
      detail: 'A data store did not answer in time; retry shortly',
      retryAfterSeconds: 1,
    });
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ message: 'condition', $metadata })],
    ['a transaction cancelled for a failed condition', cancelled('ConditionalCheckFailed')],
    ['a transaction cancelled for a validation error', cancelled('ValidationError')],
    ['a bad request to the store', named('ValidationException', { $fault: 'client' })],
    ['a programming error', new TypeError('x is undefined')],
  ])('leaves %s to the 500 (no transient failure)', (_what, error) => {
    expect(transientProblem(error)).toBeUndefined();
  });
});
