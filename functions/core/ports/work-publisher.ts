import type { WorkMessage } from '../../../schemas/work-message.ts';

/** Puts a work item on its centre's queue, in the order of its subject (FIFO group = subject id). */
export interface WorkPublisher {
  /**
   * Sends the work item. `deduplicationId` defaults to its workId, so a resend within FIFO's 5-minute
   * window is dropped; a deliberate new copy (reconciliation) passes its own.
   */
  publish(message: WorkMessage, deduplicationId?: string): Promise<void>;
}
