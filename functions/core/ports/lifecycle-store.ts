import type { FeedEvent } from '../../../schemas/lifecycle.ts';
import type { Status } from '../../../schemas/requests.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { LifecycleChange } from '../lifecycle/lifecycle-table.ts';
import type { Principal } from '../participants.ts';
import type { CentreNote, RequestMeta } from '../requests/request.ts';
import type { ExchangeLogEntry } from './exchange-log.ts';
import type { LeaseRef } from './lease-ledger.ts';
import type { IdempotencyScope } from './request-store.ts';

/** One change of a request's lifecycle, as stored with the request: who, when, from what to what. No personal data. */
export interface TransitionRecord {
  /** The request's version after the change (1 is the intake), so records sort in the order of the changes. */
  version: number;
  change: LifecycleChange;
  from: Status;
  to: Status;
  /** The centre assigned after the change. */
  centre: Centre;
  /** For a transfer: the centre it left. */
  previousCentre?: Centre;
  actor: Principal;
  at: string;
  requestId: string;
  /** For a delivery: the acked work item. */
  workId?: string;
}

/** A feed event before the store gives it its place in the municipality's sequence. */
export type FeedEventDraft = Omit<FeedEvent, 'sequence'>;

/** Everything one change of an existing request writes, atomically. */
export interface ChangePlan {
  before: RequestMeta;
  after: RequestMeta;
  /** `erase` deletes the personal data at once; `expire` moves its expiry to the meta's new value. */
  personalData: 'keep' | 'expire' | 'erase';
  /** Appended to the centre notes, with the personal data; dropped when the personal data is already gone. */
  note?: CentreNote;
  /** A withdrawal's reason, stored with the personal data (free text may name the person). */
  withdrawalReason?: string;
  /** Frees the authority's file number (a case reached a final status). */
  releaseReference: boolean;
  /** A work item for the assigned centre (withdrawal, transfer), written through the outbox. */
  outbox?: WorkMessage;
  log: ExchangeLogEntry[];
  transition: TransitionRecord;
  /** The change in the owning municipality's event feed; the store assigns its sequence. */
  event: FeedEventDraft;
  /** Completes this Idempotency-Key claim with the change, so a retry is answered as a replay. */
  idempotency?: IdempotencyScope & { lockId: string };
  /** For a delivery: the ack of this live lease, in the same transaction (the centre acked the item it delivers). */
  settlesLease?: LeaseRef & { at: Date };
}

/** Writes the changes of existing requests. */
export interface LifecycleStore {
  /**
   * Writes the plan in one transaction: the request (only if still at `before.version`), its transition
   * record, the feed event at the municipality's next sequence number, the log entries, the outbox entry,
   * the personal data action, the reservation release and the idempotency completion.
   * @returns the feed sequence number the event got.
   * @throws ConcurrentChangeError when the request or the idempotency claim changed meanwhile, or when
   *   other changes of the same municipality kept taking the next sequence number through every retry.
   * @throws LeaseNotLiveError when `settlesLease` names a lease that is not live (nothing was written).
   */
  change(plan: ChangePlan): Promise<{ sequence: number }>;
}
