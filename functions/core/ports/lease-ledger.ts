import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { ExchangeLogEntry } from './exchange-log.ts';

/** One lease of a work item: its id and its window (ISO 8601 instants). */
export interface LeaseGrant {
  leaseId: string;
  startedAt: string;
  expiresAt: string;
}

export type StartLeaseResult =
  /** The lease is recorded; `deliveryCount` counts every lease of this work item, this one included. */
  | { outcome: 'leased'; deliveryCount: number }
  /** The work was acknowledged before: the received message is a late duplicate and must be dropped. */
  | { outcome: 'acked' };

/** The live lease an ack settles: its work item and its id (from the lease token). */
export interface LeaseRef {
  workId: string;
  leaseId: string;
}

/** The lease an ack named is not live (expired, superseded, released or acknowledged): nothing was written. */
export class LeaseNotLiveError extends Error {
  override readonly name = 'LeaseNotLiveError';
}

/** A work item not yet acknowledged, with the time its current copy was put on a queue. */
export interface WaitingWork {
  message: WorkMessage;
  enqueuedAt: string;
}

/**
 * The lease ledger: which lease of a work item is live. SQS cannot tell a stale or deleted receipt
 * handle from a live one (DeleteMessage succeeds on both, and a late ChangeMessageVisibility revives a
 * lease), so every settlement is decided here, by a conditional write on the work item's entry. Release
 * and extend answer the work item when the lease was live, and `undefined` when it was not: expired,
 * superseded by a newer lease, released, or already acknowledged; ack answers true or false.
 */
export interface LeaseLedger {
  /** Records a new lease of a received item, unless the work was acknowledged already. */
  start(message: WorkMessage, lease: LeaseGrant): Promise<StartLeaseResult>;
  /**
   * Acknowledges the work through its live lease, in one write with the ack's exchange-log entry; from
   * then on every copy of it is dropped. Answers false (and writes nothing) when the lease is not live.
   * An ack that also records a delivery goes through the lifecycle store instead, in the delivery's transaction.
   */
  ack(lease: LeaseRef, now: Date, log: ExchangeLogEntry): Promise<boolean>;
  /** Ends a live lease early, so the work can be leased again. */
  release(workId: string, leaseId: string, now: Date): Promise<WorkMessage | undefined>;
  /** Moves the end of a live lease to `expiresAt` (the caller applies the 12-hour cap). */
  extend(workId: string, leaseId: string, now: Date, expiresAt: string): Promise<WorkMessage | undefined>;
  /** When the oldest unacknowledged work item of the centre was put on its queue (ISO 8601). */
  oldestWaitingAt(centre: Centre): Promise<string | undefined>;
  /** Unacknowledged work of the centre whose queue copy dates from before `before`, oldest first. */
  waitingBefore(centre: Centre, before: string, limit: number): Promise<WaitingWork[]>;
  /** Records that the work was put on its queue again at `at` (redrive, reconciliation). */
  requeued(workId: string, at: string): Promise<void>;
}
