import type { WorkMessage } from '../../../schemas/work-message.ts';

/** Puts a work item on its centre's queue, in the order of its subject (FIFO group = subject id). */
export interface WorkPublisher {
  publish(message: WorkMessage): Promise<void>;
}
