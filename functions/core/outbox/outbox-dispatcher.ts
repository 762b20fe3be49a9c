import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Logger } from '../ports/logger.ts';
import type { RequestStore } from '../ports/request-store.ts';
import type { WorkPublisher } from '../ports/work-publisher.ts';

export interface RelayResult {
  sent: number;
  failed: number;
}

/**
 * Moves committed outbox entries onto the centres' queues. The database commit is the point of no
 * return: a failed send leaves the entry pending and the relay sends it later, subject by subject in
 * the order the entries were written. A late resend may duplicate a message (FIFO deduplication lasts
 * 5 minutes); consumers deduplicate by workId.
 */
export class OutboxDispatcher {
  readonly #store: RequestStore;
  readonly #publisher: WorkPublisher;
  readonly #logger: Logger;

  constructor(store: RequestStore, publisher: WorkPublisher, logger: Logger) {
    this.#store = store;
    this.#publisher = publisher;
    this.#logger = logger;
  }

  /**
   * The direct send right after a commit. It never throws: the request was accepted either way. It
   * sends only when the entry is its subject's sole pending one, so it cannot overtake an older entry.
   */
  async afterCommit(message: WorkMessage): Promise<void> {
    try {
      const pending = await this.#store.pendingOutbox(message.subject.id);
      if (pending.length !== 1 || pending[0]?.workId !== message.workId) return;
      await this.#send(message);
    } catch (error) {
      this.#logger.warn('direct send failed; the relay will send it', { workId: message.workId, error: (error as Error).name });
    }
  }

  /** One relay pass: every pending entry, oldest first; a subject whose send fails waits for the next pass. */
  async relay(limit = 100): Promise<RelayResult> {
    const pending = await this.#store.allPendingOutbox(limit);
    const blocked = new Set<string>();
    const result: RelayResult = { sent: 0, failed: 0 };
    for (const message of pending) {
      if (blocked.has(message.subject.id)) continue;
      try {
        await this.#send(message);
        result.sent++;
      } catch (error) {
        blocked.add(message.subject.id);
        result.failed++;
        this.#logger.warn('relay send failed', { workId: message.workId, error: (error as Error).name });
      }
    }
    return result;
  }

  async #send(message: WorkMessage): Promise<void> {
    await this.#publisher.publish(message);
    await this.#store.markOutboxSent(message);
  }
}
