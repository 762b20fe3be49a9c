import { CENTRES, type Centre } from '../centres.ts';
import type { Principal } from '../participants.ts';
import type { ExchangeLog } from '../ports/exchange-log.ts';
import type { LeaseLedger } from '../ports/lease-ledger.ts';
import type { Logger } from '../ports/logger.ts';
import type { OutboxStore } from '../ports/outbox-store.ts';
import type { WorkPublisher } from '../ports/work-publisher.ts';
import type { QueueCounts, WorkQueue } from '../ports/work-queue.ts';

export interface WorkOperationsDeps {
  queue: WorkQueue;
  ledger: LeaseLedger;
  outbox: OutboxStore;
  publisher: WorkPublisher;
  exchangeLog: ExchangeLog;
  logger: Logger;
  /** How long a queue keeps a message (SQS MessageRetentionPeriod of queue and dead-letter queue), in seconds. */
  queueRetentionSeconds: number;
  now: () => Date;
  newId: () => string;
}

/** One centre's operational state; counts are approximate where SQS gives them. */
export interface CentreStatus extends QueueCounts {
  /** Age of the oldest work item not yet acknowledged (waiting or leased), in seconds; 0 when none. */
  oldestWaitingAgeSeconds: number;
  /** Age of the oldest outbox entry not yet on the queue, in seconds; 0 when none. A growing value means a stuck relay. */
  oldestPendingOutboxAgeSeconds: number;
}

/** Reconciliation re-enqueues work whose queue copy is older than the retention less this margin. */
const RECONCILE_MARGIN_SECONDS = 3600;
/** Items moved per redrive call, to stay well inside an API call's time. */
const REDRIVE_LIMIT = 100;

const ageSeconds = (now: Date, at: string | undefined) =>
  at ? Math.max(0, Math.floor((now.getTime() - new Date(at).getTime()) / 1000)) : 0;

/**
 * The administrators' view of the centre queues and the repairs: status per centre, redrive of
 * dead-lettered work, and the reconciliation pass that re-enqueues work that no queue holds any more.
 */
export class WorkOperations {
  readonly #deps: WorkOperationsDeps;

  constructor(deps: WorkOperationsDeps) {
    this.#deps = deps;
  }

  async status(): Promise<Record<Centre, CentreStatus>> {
    const now = this.#deps.now();
    const entries = await Promise.all(
      CENTRES.map(async (centre): Promise<[Centre, CentreStatus]> => {
        const [counts, oldestWaiting, oldestPending] = await Promise.all([
          this.#deps.queue.counts(centre),
          this.#deps.ledger.oldestWaitingAt(centre),
          this.#deps.outbox.oldestPendingAt(centre),
        ]);
        return [
          centre,
          {
            ...counts,
            oldestWaitingAgeSeconds: ageSeconds(now, oldestWaiting),
            oldestPendingOutboxAgeSeconds: ageSeconds(now, oldestPending),
          },
        ];
      }),
    );
    return Object.fromEntries(entries) as Record<Centre, CentreStatus>;
  }

  /**
   * Moves up to 100 dead-lettered items of the centre back to its queue (call again while `moved` is
   * 100). Order is not kept past a dead-lettered item (CONTRACT.md). Logged, one entry per item.
   */
  async redrive(principal: Principal, centre: Centre, requestId: string): Promise<{ centre: Centre; moved: number }> {
    const moved = await this.#deps.queue.redrive(centre, REDRIVE_LIMIT);
    const at = this.#deps.now().toISOString();
    for (const message of moved) {
      await this.#deps.ledger.requeued(message.workId, at);
      await this.#deps.exchangeLog.append({
        id: this.#deps.newId(),
        at,
        requestId,
        actor: principal,
        action: 'work.redrive',
        subject: message.subject,
        outcome: 'success',
        details: { workId: message.workId, centre },
      });
    }
    return { centre, moved: moved.length };
  }

  /**
   * Finds work that is not acknowledged but whose queue copy must be gone (older than the queue's
   * retention, e.g. expired in a dead-letter queue after 14 days) and puts it on its queue again with
   * the same workId. A copy that still existed becomes a duplicate, which the ledger and the centres'
   * deduplication by workId absorb. Answers how many items were re-enqueued.
   */
  async reconcile(limit = 100): Promise<number> {
    const now = this.#deps.now();
    const before = new Date(now.getTime() - (this.#deps.queueRetentionSeconds - RECONCILE_MARGIN_SECONDS) * 1000).toISOString();
    let requeued = 0;
    for (const centre of CENTRES) {
      for (const { message } of await this.#deps.ledger.waitingBefore(centre, before, limit)) {
        try {
          // A new copy on purpose: the workId as deduplication id could swallow it inside FIFO's 5-minute window.
          await this.#deps.publisher.publish(message, `${message.workId}.${this.#deps.newId()}`);
          await this.#deps.ledger.requeued(message.workId, now.toISOString());
          requeued++;
        } catch (error) {
          this.#deps.logger.warn('reconciliation send failed; the next pass tries again', {
            workId: message.workId,
            error: (error as Error).name,
          });
        }
      }
    }
    return requeued;
  }
}
