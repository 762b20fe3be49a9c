import { AppError } from '../errors.ts';
import type { Settlement, SettleOutcome, WorkServiceDeps } from './work-types.ts';

/** Why one token of a settlement failed: its status, problem type URI and title. */
export type TokenFailure = Omit<SettleOutcome['failed'][number], 'leaseToken'>;

/** A token that is not this centre's (garbled, forged, the other centre's). */
export const notOurs: TokenFailure = { status: 404, type: '/problems/not-found', title: 'No such lease for this centre' };

/** A lease that expired, was superseded, released or acked already. Not worth a retry: the work comes again (or is done). */
export const notLive: TokenFailure = {
  status: 409,
  type: '/problems/lease-expired',
  title: 'The lease has expired or was already settled',
};

/**
 * The failure of one token whose write failed in a store, so that the other tokens of the batch are
 * settled and answered on their own (a batch is never failed as a whole once one of its items was
 * written). Contention, as the lifecycle's `conflict` (a request that kept changing through its
 * retries) or a store's TransactionConflict, is 409 `/problems/conflict`; a store that throttled, did
 * not answer in time or failed on its side is 503 `/problems/service-unavailable`: both may be retried
 * with the same token, since nothing of the write was kept and the lease is still live (where only a
 * store's answer was lost, e.g. a timeout, the write may have committed: then the retry of an ack
 * answers 409 `/problems/lease-expired`, and the item is done). Anything else is 500
 * `/problems/internal`, logged as an error. Logged with the workId and the error's name only.
 */
export function storeFailure(
  deps: Pick<WorkServiceDeps, 'transient' | 'logger'>,
  action: Settlement['action'],
  workId: string,
  error: unknown,
): TokenFailure {
  const kind = error instanceof AppError ? (error.kind === 'conflict' ? 'conflict' : undefined) : deps.transient(error);
  const name = error instanceof Error ? error.name : typeof error;
  if (kind === 'conflict') {
    deps.logger.warn(`${action} of one item met a concurrent write; the lease stays live`, { workId, error: name });
    return { status: 409, type: '/problems/conflict', title: `A concurrent request changed the same data; ${action} again` };
  }
  if (kind === 'unavailable') {
    deps.logger.warn(`${action} of one item not written: a store is unavailable; the lease stays live`, { workId, error: name });
    return { status: 503, type: '/problems/service-unavailable', title: `A data store is busy or did not answer; ${action} again` };
  }
  deps.logger.error(`${action} of one item failed`, { workId, error: name });
  return { status: 500, type: '/problems/internal', title: `The ${action} of this item failed; try again` };
}
