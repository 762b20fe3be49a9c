import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';

/** A message received from a centre's queue: the work item and the handle of this receive. */
export interface ReceivedWork {
  message: WorkMessage;
  /** SQS receipt handle of this receive; it settles this copy only. */
  receipt: string;
}

/** Approximate counts of a centre's queue (SQS counts are eventually consistent). */
export interface QueueCounts {
  /** Messages available to lease. */
  queued: number;
  /** Messages received and not yet deleted or visible again (leased). */
  leased: number;
  /** Messages in the dead-letter queue. */
  deadLettered: number;
}

/** The consuming side of a centre's FIFO queue. The lease ledger decides which receipts are live. */
export interface WorkQueue {
  /**
   * Receives up to `max` (1-10) messages, hidden for `visibilitySeconds`; long-polls up to `waitSeconds`
   * (0-20). Messages of one group come in their order and never while an earlier one is in flight.
   */
  receive(centre: Centre, options: { max: number; visibilitySeconds: number; waitSeconds: number }): Promise<ReceivedWork[]>;
  /** Deletes received copies (batches of up to 10 per call). */
  delete(centre: Centre, receipts: string[]): Promise<void>;
  /**
   * Makes received copies visible again after `seconds` (0 = now). Answers the receipts that were no
   * longer in flight (their visibility had run out already).
   */
  setVisibility(centre: Centre, changes: { receipt: string; seconds: number }[]): Promise<{ notInFlight: string[] }>;
  counts(centre: Centre): Promise<QueueCounts>;
  /** Moves up to `limit` dead-lettered messages back to the centre's queue; answers the moved work items. */
  redrive(centre: Centre, limit: number): Promise<WorkMessage[]>;
}
