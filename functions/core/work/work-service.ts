import { leaseWork } from './lease-work.ts';
import { settleLeases } from './settle-leases.ts';
import type { Call, LeasedItem, Settlement, SettleOutcome, WorkServiceDeps } from './work-types.ts';

export type { Call, DeliveryListener, LeasedItem, Settlement, SettleOutcome, WorkServiceDeps } from './work-types.ts';

/**
 * The centres' side of the exchange: leasing work from their queue and settling the leases. SQS holds
 * the work and hides leased copies; the lease ledger decides which lease is live, so that an expired,
 * superseded or already-acked token fails (409) and a late copy of acknowledged work is dropped.
 * Leasing is in lease-work.ts, settling in settle-leases.ts.
 */
export class WorkService {
  readonly #deps: WorkServiceDeps;

  constructor(deps: WorkServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Leases up to `max` items of the centre's queue for `leaseSeconds` (30-900), long-polling up to
   * `waitSeconds`. Items come in delivery order; several items of one subject only together and in order.
   * @throws whatever the queue or the ledger throws; then every received copy is made visible again.
   */
  lease(call: Call, options: { max: number; leaseSeconds: number; waitSeconds: number }): Promise<LeasedItem[]> {
    return leaseWork(this.#deps, call, options);
  }

  /**
   * Settles leases (ack, release, extend), each token on its own: 404 not this centre's, 409 not live,
   * 503 an ack whose delivery could not be recorded (the lease stays live). See settle-leases.ts.
   */
  settle(call: Call, tokens: string[], settlement: Settlement): Promise<SettleOutcome> {
    return settleLeases(this.#deps, call, tokens, settlement);
  }
}
