import canonicalize from 'canonicalize';
import type { StatusChange, Transfer } from '../../../schemas/lifecycle.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import { AppError } from '../errors.ts';
import type { OutboxDispatcher } from '../outbox/outbox-dispatcher.ts';
import type { Principal } from '../participants.ts';
import { matchesStoredHash, type PreviousPayloadHashes } from '../payload-hash.ts';
import type { ExchangeLog } from '../ports/exchange-log.ts';
import type { LifecycleStore } from '../ports/lifecycle-store.ts';
import { ConcurrentChangeError, type IdempotencyClaim, type IdempotencyScope, type RequestStore } from '../ports/request-store.ts';
import { type RequestKind, toResource } from '../requests/request.ts';
import type { RetentionPolicy } from '../requests/retention.ts';
import { visibleRequest } from '../requests/visible-request.ts';
import { type ChangeRequest, type PlanContext, type PlannedChange, planChange } from './plan-change.ts';

export interface LifecycleServiceDeps {
  /** Reads requests and keeps the Idempotency-Key records (shared with intake: one key space per client). */
  requests: Pick<RequestStore, 'get' | 'claimIdempotencyKey' | 'releaseIdempotencyKey'>;
  store: LifecycleStore;
  dispatcher: OutboxDispatcher;
  exchangeLog: ExchangeLog;
  retention: RetentionPolicy;
  /** Keyed hash (HMAC-SHA-256) of a canonical body: a plain hash of personal data is still personal data. */
  hashPayload: (canonicalJson: string) => string;
  /** Hashes under the key ring's previous keys, so a retry across a key rotation is still a replay. */
  previousPayloadHashes?: PreviousPayloadHashes;
  now: () => Date;
  newId: () => string;
}

/** One call that changes an existing request. */
export interface ChangeCall {
  kind: RequestKind;
  principal: Principal;
  id: string;
  requestId: string;
  /** The body as received: its keyed hash goes to the log, and it is compared (RFC 8785) on a retry. */
  rawBody: unknown;
  /** Optional for changes: with it, a retry of the same change is answered 200, never a 409 for itself. */
  idempotencyKey?: string | undefined;
}

/** Input of `confirmDelivery`: the work item a centre acked. */
export interface DeliveryConfirmation {
  centre: Centre;
  message: Pick<WorkMessage, 'workId' | 'type' | 'subject'>;
  requestId: string;
  actor: Principal;
}

/** Re-reads after an optimistic-lock conflict before giving up with a 409. */
const MAX_ATTEMPTS = 4;

const collection = { case: 'cases', consultation: 'consultations' } as const;

/**
 * The lifecycle of existing cases and consultation requests: the municipality's withdrawal, the centre's
 * status reports and transfers, and delivery when a centre acks a work item. Each change follows the
 * lifecycle table, is stored with its actor and time, and lands in the municipality's event feed and the
 * exchange log in the same transaction.
 */
export class LifecycleService {
  readonly #deps: LifecycleServiceDeps;

  constructor(deps: LifecycleServiceDeps) {
    this.#deps = deps;
  }

  /**
   * The owning municipality withdraws a request that is not final; the assigned centre gets a
   * `*.withdrawn` work item. With revoked consent (GDPR art. 7(3)) the personal data is erased at once.
   * @throws NotFoundError (404), InvalidTransitionError (409), idempotency problems (409, 422).
   */
  withdraw(call: ChangeCall, withdrawal: { reason: string; consentRevoked: boolean }): Promise<Record<string, unknown>> {
    return this.#change(call, 'withdraw', { change: 'withdraw', ...withdrawal });
  }

  /**
   * The assigned centre reports a status (CONTRACT.md lifecycle table). A final status shortens the
   * retention of the personal data and frees the case's file number.
   * @throws NotFoundError (404), InvalidTransitionError (409), idempotency problems (409, 422).
   */
  changeStatus(call: ChangeCall, change: StatusChange): Promise<Record<string, unknown>> {
    return this.#change(call, 'status', { change: 'status', ...change });
  }

  /**
   * The assigned centre hands the request to the other centre: `queued` there with a `*.transferred`
   * work item; the caller loses access at once, so it is answered without personal data.
   * @throws NotFoundError (404), InvalidTransitionError (409, also for its own centre), idempotency problems.
   */
  transfer(call: ChangeCall, transfer: Transfer): Promise<Record<string, unknown>> {
    return this.#change(call, 'transfer', { change: 'transfer', ...transfer });
  }

  /**
   * Called when a centre acked a work item. A `*.submitted` or `*.transferred` item of a request that is
   * still assigned to `centre` and `queued` (and, where recorded, awaits exactly this item) moves it to
   * `delivered`. Anything else (already delivered, moved on, withdrawn, unknown) is left alone: idempotent.
   * @throws AppError `conflict` only when the request kept changing through every retry.
   */
  async confirmDelivery(input: DeliveryConfirmation): Promise<void> {
    const { message } = input;
    if (!message.type.endsWith('.submitted') && !message.type.endsWith('.transferred')) return;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const stored = await this.#deps.requests.get(message.subject.id, this.#deps.now());
      if (!stored) return;
      const { meta } = stored;
      if (meta.kind !== message.subject.type || meta.centre !== input.centre || meta.status !== 'queued') return;
      if (meta.deliveryWorkId !== undefined && meta.deliveryWorkId !== message.workId) return;
      const { plan } = planChange(stored, { change: 'deliver', workId: message.workId }, this.#context(input.actor, input.requestId));
      try {
        await this.#deps.store.change(plan);
        return;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
      }
    }
    throw new AppError('conflict', 'The request kept changing while its delivery was recorded; ack again', { retryAfterSeconds: 1 });
  }

  async #change(call: ChangeCall, verb: string, request: ChangeRequest): Promise<Record<string, unknown>> {
    const { requests } = this.#deps;
    const action = `${collection[call.kind]}.${verb}`;
    const payloadSha256 = this.#deps.hashPayload(canonicalize(call.rawBody) ?? '');
    let lock: (IdempotencyScope & { lockId: string }) | undefined;
    if (call.idempotencyKey !== undefined) {
      // The key stands for this change of this request: the same key on another request or operation is a different body.
      const canonical = canonicalize({ action, id: call.id, body: call.rawBody }) ?? '';
      const fingerprint = this.#deps.hashPayload(canonical);
      const scope = { clientId: call.principal.clientId, key: call.idempotencyKey };
      const claim = await requests.claimIdempotencyKey(scope, fingerprint, this.#deps.now());
      if (!claim.acquired) {
        const sameChange = matchesStoredHash(claim.bodyHash, fingerprint, canonical, this.#deps.previousPayloadHashes);
        return this.#replay(call, action, claim, sameChange, payloadSha256);
      }
      lock = { ...scope, lockId: claim.lockId };
    }
    try {
      const planned = await this.#apply(call, action, request, payloadSha256, lock);
      if (planned.plan.outbox) await this.#deps.dispatcher.afterCommit(planned.plan.outbox, call.requestId);
      return planned.resource;
    } catch (error) {
      // Only accepted changes use up a key: give it back so a corrected retry can use it.
      if (lock) await requests.releaseIdempotencyKey(lock, lock.lockId).catch(() => undefined);
      throw error;
    }
  }

  /** Reads, plans and writes; on an optimistic-lock conflict it reads again and re-decides. */
  async #apply(
    call: ChangeCall,
    action: string,
    request: ChangeRequest,
    payloadSha256: string,
    lock: (IdempotencyScope & { lockId: string }) | undefined,
  ): Promise<PlannedChange> {
    for (let attempt = 1; ; attempt++) {
      const { requests: store, exchangeLog, now, newId } = this.#deps;
      const lookup = { kind: call.kind, id: call.id, principal: call.principal, requestId: call.requestId, action };
      const stored = await visibleRequest({ store, exchangeLog, now, newId }, lookup);
      const planned = planChange(stored, request, { ...this.#context(call.principal, call.requestId), payloadSha256 });
      try {
        await this.#deps.store.change({ ...planned.plan, ...(lock ? { idempotency: lock } : {}) });
        return planned;
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError)) throw error;
        if (error.what === 'The idempotency claim') {
          throw new AppError('idempotency-in-progress', 'Another request with this Idempotency-Key took over; retry shortly');
        }
        if (attempt >= MAX_ATTEMPTS)
          throw new AppError('conflict', 'The request changed meanwhile; read it and try again', { retryAfterSeconds: 1 });
      }
    }
  }

  /**
   * A retry of a change this client already made with this key: 200 with the resource as it is now, to
   * a caller who may still see it; else 404 like any other look at another tenant's request (a centre
   * that transferred a request away learns nothing more of it through a replay).
   */
  async #replay(
    call: ChangeCall,
    action: string,
    claim: Extract<IdempotencyClaim, { acquired: false }>,
    sameChange: boolean,
    payloadSha256: string,
  ): Promise<Record<string, unknown>> {
    if (!sameChange) {
      throw new AppError('idempotency-key-reused', 'This Idempotency-Key was used with a different request or body');
    }
    if (claim.status === 'in_progress' || !claim.resourceId) {
      throw new AppError('idempotency-in-progress', 'The first request with this Idempotency-Key is still being processed; retry shortly');
    }
    const { requests: store, exchangeLog, now, newId } = this.#deps;
    const stored = await visibleRequest(
      { store, exchangeLog, now, newId },
      { kind: call.kind, id: claim.resourceId, principal: call.principal, requestId: call.requestId, action },
    );
    await this.#deps.exchangeLog.append({
      id: this.#deps.newId(),
      at: this.#deps.now().toISOString(),
      requestId: call.requestId,
      actor: call.principal,
      action,
      subject: { type: call.kind, id: call.id },
      outcome: 'replayed',
      payloadSha256,
    });
    return toResource(stored);
  }

  #context(actor: Principal, requestId: string): PlanContext {
    return { actor, requestId, now: this.#deps.now(), newId: this.#deps.newId, retention: this.#deps.retention };
  }
}
