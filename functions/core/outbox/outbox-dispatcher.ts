import type { WorkMessage } from '../../../schemas/work-message.ts';
import { CENTRES, type Centre } from '../centres.ts';
import type { ExchangeLog } from '../ports/exchange-log.ts';
import type { Logger } from '../ports/logger.ts';
import type { OutboxStore, PendingWork } from '../ports/outbox-store.ts';
import type { WorkPublisher } from '../ports/work-publisher.ts';

export interface RelayResult {
  sent: number;
  failed: number;
}

/** Where sends are logged, and the clock of their entries. */
export interface SendLog {
  exchangeLog: ExchangeLog;
  now: () => Date;
}

/** After this many failed subjects in a row a centre's queue looks down: the pass leaves it for the next one. */
const FAILURES_BEFORE_BACKING_OFF = 3;
/** Pending entries read per page. */
const PAGE_SIZE = 25;

/**
 * Moves committed outbox entries onto the centres' queues. The database commit is the point of no
 * return: a failed send leaves the entry pending and the relay sends it later. Each subject's entries
 * go out in the order of the subject's version, never of a host's clock, and a subject whose send
 * fails waits for the next pass with everything after it. A late resend may duplicate a message
 * (FIFO deduplication lasts 5 minutes); the lease ledger and consumers deduplicate by workId.
 */
export class OutboxDispatcher {
  readonly #outbox: OutboxStore;
  readonly #publisher: WorkPublisher;
  readonly #logger: Logger;
  readonly #log: SendLog | undefined;

  /** With `log`, every send that reached the queue is an exchange-log entry (`work.send`, `work.resend`). */
  constructor(outbox: OutboxStore, publisher: WorkPublisher, logger: Logger, log?: SendLog) {
    this.#outbox = outbox;
    this.#publisher = publisher;
    this.#logger = logger;
    this.#log = log;
  }

  /**
   * The direct send right after the commit that created a subject: nothing of a brand-new subject can
   * be pending before it, so it goes out at once. Never throws: the request was accepted either way.
   */
  async afterCreate(entry: PendingWork, requestId?: string): Promise<void> {
    await this.#sendQuietly(entry, requestId);
  }

  /**
   * The direct send right after a commit that changed an existing subject. It sends only when the entry
   * is its subject's sole pending one, so it cannot overtake an older entry. Never throws.
   */
  async afterCommit(message: WorkMessage, requestId?: string): Promise<void> {
    try {
      const pending = await this.#outbox.pendingOf(message.subject.id);
      const [only] = pending;
      if (pending.length !== 1 || only?.message.workId !== message.workId) return;
      await this.#sendQuietly(only, requestId);
    } catch (error) {
      this.#logger.warn('direct send skipped; the relay will send it', { workId: message.workId, error: (error as Error).name });
    }
  }

  /**
   * One relay pass over every centre at once, so a centre whose queue fails (or hangs) never holds up
   * the other. Per centre it pages past subjects that fail, up to `budget` pending entries.
   */
  async relay(budget = 200): Promise<RelayResult> {
    // One id for the whole pass, so that its resends can be found together in the exchange log.
    const passId = `relay-${crypto.randomUUID()}`;
    const results = await Promise.all(CENTRES.map((centre) => this.#relayCentre(centre, budget, passId)));
    return results.reduce((sum, r) => ({ sent: sum.sent + r.sent, failed: sum.failed + r.failed }), { sent: 0, failed: 0 });
  }

  /**
   * Relays the pending entries of the given subjects, each in version order, as a pass would (the
   * relay triggered by the table's stream, right after a commit whose direct send may have failed).
   */
  async relaySubjects(subjectIds: Iterable<string>): Promise<RelayResult> {
    const result: RelayResult = { sent: 0, failed: 0 };
    const passId = `relay-${crypto.randomUUID()}`;
    for (const subjectId of new Set(subjectIds)) {
      const outcome = await this.#relaySubject(subjectId, passId);
      result.sent += outcome.sent;
      result.failed += outcome.failed;
    }
    return result;
  }

  async #relayCentre(centre: Centre, budget: number, passId: string): Promise<RelayResult> {
    const result: RelayResult = { sent: 0, failed: 0 };
    const handled = new Set<string>();
    let after: unknown;
    let read = 0;
    let failuresInARow = 0;
    do {
      const page = await this.#outbox.pendingFor(centre, PAGE_SIZE, after);
      for (const entry of page.entries) {
        const subject = entry.message.subject.id;
        if (handled.has(subject)) continue;
        handled.add(subject);
        const outcome = await this.#relaySubject(subject, passId);
        result.sent += outcome.sent;
        result.failed += outcome.failed;
        failuresInARow = outcome.failed > 0 ? failuresInARow + 1 : 0;
        if (failuresInARow >= FAILURES_BEFORE_BACKING_OFF) return result;
      }
      read += page.entries.length;
      after = page.after;
    } while (after !== undefined && read < budget);
    return result;
  }

  /** Sends a subject's pending entries in version order, stopping at the first failure. */
  async #relaySubject(subjectId: string, passId: string): Promise<RelayResult> {
    const pending = (await this.#outbox.pendingOf(subjectId)).sort((a, b) => a.version - b.version);
    let sent = 0;
    for (const entry of pending) {
      try {
        await this.#send(entry, { action: 'work.resend', requestId: passId });
        sent++;
      } catch (error) {
        this.#logger.warn('relay send failed', { workId: entry.message.workId, error: (error as Error).name });
        return { sent, failed: 1 };
      }
    }
    return { sent, failed: 0 };
  }

  async #sendQuietly(entry: PendingWork, requestId = `send-${crypto.randomUUID()}`): Promise<void> {
    try {
      await this.#send(entry, { action: 'work.send', requestId });
    } catch (error) {
      this.#logger.warn('direct send failed; the relay will send it', { workId: entry.message.workId, error: (error as Error).name });
    }
  }

  async #send(entry: PendingWork, log: { action: 'work.send' | 'work.resend'; requestId: string }): Promise<void> {
    await this.#publisher.publish(entry.message);
    const { workId, subject, centre, type } = entry.message;
    // The system's own exchange (no actor), written with the outbox entry's removal in one write: should
    // that fail, the entry stays pending and the relay sends again (a duplicate the workId absorbs).
    const logEntry = this.#log && {
      id: crypto.randomUUID(),
      at: this.#log.now().toISOString(),
      requestId: log.requestId,
      action: log.action,
      subject,
      outcome: 'success' as const,
      details: { workId, centre, type },
    };
    await this.#outbox.markSent(entry, logEntry);
  }
}
