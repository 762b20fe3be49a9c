import type { Status } from '../../../schemas/requests.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import type { RequestKind, RequestMeta, StoredRequest } from '../requests/request.ts';
import type { ExchangeLogEntry } from './exchange-log.ts';

/** An Idempotency-Key is scoped to the client that sent it. */
export interface IdempotencyScope {
  clientId: string;
  key: string;
}

export type IdempotencyClaim =
  | { acquired: true; lockId: string }
  | { acquired: false; status: 'in_progress' | 'completed'; bodyHash: string; kind?: RequestKind; resourceId?: string };

/** Everything one accepted submission writes, atomically. */
export interface CreatePlan {
  meta: RequestMeta;
  submission: Record<string, unknown>;
  /** The completed idempotency record is written in the same transaction: no separate claim, nothing to release. */
  idempotency: IdempotencyScope & { bodyHash: string };
  outbox: WorkMessage;
  log: ExchangeLogEntry[];
  /** Reserve the authority's file number while the case is open (cases only). */
  reserveReference: boolean;
}

export interface ListQuery {
  kind: RequestKind;
  /** A municipality lists what it owns, a centre what is assigned to it. */
  owner: { municipality: string } | { centre: Centre };
  status?: Status;
  municipalReference?: string;
  limit: number;
  /** The store's own position token from a previous page. */
  after?: unknown;
}

/** Thrown when an open case of the same authority already has this municipal reference. */
export class DuplicateReferenceError extends Error {
  readonly existingId: string;
  constructor(existingId: string) {
    super('An open case with this municipal reference exists');
    this.name = 'DuplicateReferenceError';
    this.existingId = existingId;
  }
}

/** Thrown by `create` when the Idempotency-Key is taken already: the record of the earlier request, for the replay. */
export class IdempotencyKeyTakenError extends Error {
  readonly claim: Extract<IdempotencyClaim, { acquired: false }>;
  constructor(claim: Extract<IdempotencyClaim, { acquired: false }>) {
    super('The Idempotency-Key is taken');
    this.name = 'IdempotencyKeyTakenError';
    this.claim = claim;
  }
}

/** Thrown when a change lost a race: the resource or the idempotency lock changed underneath. */
export class ConcurrentChangeError extends Error {
  /** What changed: a retry helps for the request or the event sequence, not for a lost idempotency claim. */
  readonly what: 'The request' | 'The idempotency claim' | 'The event sequence';
  constructor(what: ConcurrentChangeError['what']) {
    super(`${what} changed concurrently`);
    this.name = 'ConcurrentChangeError';
    this.what = what;
  }
}

/** Persistence of requests and their idempotency records; their outbox entries are written with them (see OutboxStore). */
export interface RequestStore {
  /** Takes the key for this request, or reports what an earlier request with it did. Expired records count as absent. */
  claimIdempotencyKey(scope: IdempotencyScope, bodyHash: string, now: Date): Promise<IdempotencyClaim>;
  /** Gives the key back after a refused request (4xx answers do not use up a key). */
  releaseIdempotencyKey(scope: IdempotencyScope, lockId: string): Promise<void>;
  /**
   * Writes an accepted submission, its idempotency record and its outbox entry in one transaction.
   * @throws IdempotencyKeyTakenError when the key is taken (expired records count as absent),
   *   DuplicateReferenceError when the case's file number is reserved by an open case.
   */
  create(plan: CreatePlan, now: Date): Promise<void>;
  /** The request, with its submission and centre notes unless erased or past their retention expiry at `now`. */
  get(id: string, now: Date): Promise<StoredRequest | undefined>;
  list(query: ListQuery): Promise<{ items: RequestMeta[]; after?: unknown }>;
}
