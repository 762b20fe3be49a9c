import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { ExchangeLogEntry } from './exchange-log.ts';

/** An outbox entry not yet confirmed sent, with the subject version that orders it. */
export interface PendingWork {
  message: WorkMessage;
  /** The subject's version written in the same transaction: the order of its subject's entries. */
  version: number;
}

/** One page of a centre's pending outbox entries, oldest first (by commit time, only for fairness). */
export interface PendingPage {
  entries: PendingWork[];
  /** The store's position for the next page; absent on the last. */
  after?: unknown;
}

/**
 * The transactional outbox: entries are written in the business transaction (see the request store),
 * read by the relay and removed once their send is confirmed.
 */
export interface OutboxStore {
  /** Pending entries of one subject, in version order (strongly consistent). */
  pendingOf(subjectId: string): Promise<PendingWork[]>;
  /**
   * One page of pending entries whose work goes to `centre`. Pending entries are kept apart per centre
   * (and sharded), so one centre's failing queue never hides the other's work.
   */
  pendingFor(centre: Centre, limit: number, after?: unknown): Promise<PendingPage>;
  /** When the oldest pending entry of the centre was committed (ISO 8601), if any. */
  oldestPendingAt(centre: Centre): Promise<string | undefined>;
  /**
   * Removes the entry once its send succeeded (removing an absent entry is fine), together with the
   * exchange-log entry of the send when one is given: one write, so the send is never confirmed
   * without its entry.
   */
  markSent(entry: PendingWork, logEntry?: ExchangeLogEntry): Promise<void>;
}
