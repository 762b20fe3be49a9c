import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { Principal } from '../participants.ts';
import type { ExchangeLog, ExchangeLogEntry } from '../ports/exchange-log.ts';
import type { LeaseLedger, LeaseRef } from '../ports/lease-ledger.ts';
import type { LeaseTokens } from '../ports/lease-tokens.ts';
import type { Logger } from '../ports/logger.ts';
import type { RequestStore } from '../ports/request-store.ts';
import type { TransientFailures } from '../ports/transient-failures.ts';
import type { WorkQueue } from '../ports/work-queue.ts';
import type { StoredRequest } from '../requests/request.ts';

/**
 * Told when a centre acknowledges a work item (the lifecycle moves `queued` to `delivered`,
 * idempotently). With `ack`, the lease's ack and its log entry are to be written in the delivery's own
 * transaction: `recorded` then means both committed; `not-applicable` means nothing was written (no
 * delivery to record) and the ack is the caller's. Throws LeaseNotLiveError for a lease that is not
 * live, and anything else when the delivery could not be recorded (then nothing was written either).
 */
export type DeliveryListener = (input: {
  centre: Centre;
  message: Pick<WorkMessage, 'workId' | 'type' | 'subject'>;
  requestId: string;
  actor: Principal;
  ack?: { lease: LeaseRef; at: Date; log: ExchangeLogEntry };
  /** The request as read just before (or `null`: not found): the first attempt decides on it without a read of its own. */
  stored?: StoredRequest | null;
}) => Promise<'recorded' | 'not-applicable'>;

export interface WorkServiceDeps {
  queue: WorkQueue;
  ledger: LeaseLedger;
  tokens: LeaseTokens;
  store: RequestStore;
  exchangeLog: ExchangeLog;
  onDelivered: DeliveryListener;
  /** Tells a transient store failure of one item's write (answered for that token) from any other. */
  transient: TransientFailures;
  logger: Logger;
  now: () => Date;
  newId: () => string;
}

/** One leased work item as the centre receives it. */
export interface LeasedItem {
  workId: string;
  leaseToken: string;
  leaseExpiresAt: string;
  deliveryCount: number;
  type: WorkMessage['type'];
  subject: WorkMessage['subject'];
  resource: Record<string, unknown>;
}

/**
 * Per token: succeeded (with the new end of an extended lease), or failed with a status and problem type
 * (see settle-failures.ts). A failed token's lease was not settled (unless only a store's answer was lost).
 */
export interface SettleOutcome {
  succeeded: { leaseToken: string; workId: string; leaseExpiresAt?: string }[];
  failed: { leaseToken: string; status: number; type: string; title: string }[];
}

export type Settlement = { action: 'ack' } | { action: 'release'; delaySeconds: number } | { action: 'extend'; leaseSeconds: number };

/** What the caller acts as: the principal, its centre and the request id, for the exchange log. */
export interface Call {
  principal: Principal;
  centre: Centre;
  requestId: string;
}

/** An exchange-log entry of the centre's call (`work.lease`, `work.ack`, ...), stamped now. */
export function workLogEntry(
  deps: Pick<WorkServiceDeps, 'now' | 'newId'>,
  call: Call,
  fields: Pick<ExchangeLogEntry, 'action' | 'subject' | 'outcome' | 'details'>,
): ExchangeLogEntry {
  return { id: deps.newId(), at: deps.now().toISOString(), requestId: call.requestId, actor: call.principal, ...fields };
}
