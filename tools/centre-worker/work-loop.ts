import { setTimeout as sleep } from 'node:timers/promises';
import type { SeenWorkIds } from './seen-work-ids.ts';
import { type LeaseRequest, type WorkApi, WorkApiError, type WorkItem } from './work-api.ts';
import { emptyStats, formatItem, formatProgress, formatSettleFailure, type WorkStats } from './work-output.ts';

export interface WorkLoopOptions {
  lease: LeaseRequest;
  /** Stop when a lease comes back empty, instead of polling on. */
  once: boolean;
  showPersonalData: boolean;
}

export interface WorkLoopDeps {
  api: WorkApi;
  seen: SeenWorkIds;
  /** Aborted on Ctrl-C: no new lease is taken, the batch in hand is finished and settled. */
  stop: AbortSignal;
  /** Items and progress lines. */
  out: (line: string) => void;
  /** Warnings. */
  err: (line: string) => void;
  /**
   * What the centre does with an item: here it is printed. A centre system imports it instead (in one
   * transaction with the workId, so that a redelivery after a crash is recognised there too). Throw to
   * have the item handed out again.
   */
  handle?: (item: WorkItem) => Promise<void>;
  /** Waits between retries; resolves early when `stop` is aborted. */
  wait?: (ms: number, stop: AbortSignal) => Promise<void>;
}

/** With --once, a lease that keeps failing ends the run after this many tries; the loop retries for ever. */
const ONCE_ATTEMPTS = 5;

/** Pause between empty leases when the worker does not long-poll (--wait-seconds 0). */
const IDLE_PAUSE_MS = 1000;

const defaultWait = (ms: number, stop: AbortSignal) => sleep(ms, undefined, { signal: stop }).catch(() => undefined);

/** 1, 2, 4, ... s, at most 30 s, or what the API asked for in Retry-After. */
function backoffMs(failures: number, error: WorkApiError): number {
  return (error.retryAfterSeconds ?? Math.min(30, 2 ** (failures - 1))) * 1000;
}

/**
 * The centre's loop: lease a batch, process its items in array order (CONTRACT.md: that is the order in
 * which they happened, per case or request), ack them, repeat. A workId seen before is a redelivery: it
 * is acked again but not processed again. Returns the totals when stopped or, with `once`, drained.
 *
 * @throws WorkApiError when the API refuses the lease for good (wrong client, unknown route), or with
 *   `once` after repeated transient failures.
 */
export async function runWorkLoop(options: WorkLoopOptions, deps: WorkLoopDeps): Promise<WorkStats> {
  const stats = emptyStats();
  const wait = deps.wait ?? defaultWait;
  let failures = 0;
  while (!deps.stop.aborted) {
    let items: WorkItem[];
    try {
      items = await deps.api.lease(options.lease);
      failures = 0;
    } catch (error) {
      if (!(error instanceof WorkApiError) || !error.transient) throw error;
      failures += 1;
      if (options.once && failures >= ONCE_ATTEMPTS) throw error;
      const delay = backoffMs(failures, error);
      deps.err(`lease failed (${error.message}); trying again in ${delay / 1000} s`);
      await wait(delay, deps.stop);
      continue;
    }
    if (items.length === 0) {
      if (options.once) break;
      // Without long polling an idle loop would hammer the API.
      if (options.lease.waitSeconds === 0) await wait(IDLE_PAUSE_MS, deps.stop);
      continue;
    }
    stats.leased += items.length;
    await processBatch(items, options, deps, stats);
    deps.out(formatProgress(stats));
  }
  return stats;
}

async function processBatch(items: WorkItem[], options: WorkLoopOptions, deps: WorkLoopDeps, stats: WorkStats): Promise<void> {
  const handle = deps.handle ?? (async (item: WorkItem) => deps.out(formatItem(item, { showPersonalData: options.showPersonalData })));
  const done: WorkItem[] = [];
  let failedAt = items.length;
  for (const [index, item] of items.entries()) {
    if (deps.seen.has(item.workId)) {
      stats.duplicates += 1;
      deps.out(formatItem(item, { showPersonalData: false, duplicate: true }));
      done.push(item);
      continue;
    }
    try {
      await handle(item);
    } catch (error) {
      // The name only: a message from the centre's own system could quote the person's data.
      deps.err(
        `processing work ${item.workId} failed (${(error as Error).name}); releasing it and the ${items.length - index - 1} after it`,
      );
      // Later items may belong to the same case: processing them now would break its order.
      failedAt = index;
      break;
    }
    deps.seen.add(item.workId);
    stats.processed += 1;
    done.push(item);
  }
  stats.acked += await settle('ack', done, deps, stats);
  stats.released += await settle('release', items.slice(failedAt), deps, stats);
}

/**
 * Acks or releases items and reports the tokens that failed (409: the lease expired or was settled).
 * A settle that fails altogether is only reported: the leases expire, the items come again, and the
 * seen set drops those already processed. Returns how many succeeded.
 */
async function settle(action: 'ack' | 'release', items: WorkItem[], deps: WorkLoopDeps, stats: WorkStats): Promise<number> {
  if (items.length === 0) return 0;
  const byToken = new Map(items.map((item) => [item.leaseToken, item]));
  try {
    const result = await (action === 'ack' ? deps.api.ack([...byToken.keys()]) : deps.api.release([...byToken.keys()]));
    for (const failure of result.failed) deps.err(formatSettleFailure(action, failure, byToken.get(failure.leaseToken)));
    if (action === 'ack') stats.ackFailed += result.failed.length;
    return result.succeeded.length;
  } catch (error) {
    deps.err(`${action} of ${items.length} items failed (${(error as Error).message}); they will be delivered again`);
    if (action === 'ack') stats.ackFailed += items.length;
    return 0;
  }
}
