/**
 * A failure of a store that is nobody's mistake and may pass: `conflict` when two writers met on the
 * same data (DynamoDB's TransactionConflict), `unavailable` when a store throttled, did not answer in
 * time or failed on its side. Nothing of such a failed write was kept, unless only its answer was lost.
 */
export type TransientFailureKind = 'conflict' | 'unavailable';

/**
 * Recognises a transient store failure by the error an adapter let through (the adapters know the SDK's
 * error names; core does not): its kind, or `undefined` for any other failure.
 */
export type TransientFailures = (error: unknown) => TransientFailureKind | undefined;
