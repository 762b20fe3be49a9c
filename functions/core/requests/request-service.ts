import canonicalize from 'canonicalize';
import type { Status } from '../../../schemas/requests.ts';
import type { WorkMessage, WorkType } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import { AppError, NotFoundError } from '../errors.ts';
import type { OutboxDispatcher } from '../outbox/outbox-dispatcher.ts';
import type { Principal } from '../participants.ts';
import { matchesStoredHash, type PreviousPayloadHashes } from '../payload-hash.ts';
import type { ExchangeLog, ExchangeLogEntry } from '../ports/exchange-log.ts';
import { DuplicateReferenceError, IdempotencyKeyTakenError, type RequestStore } from '../ports/request-store.ts';
import { routeRequest } from '../routing/route-request.ts';
import type { RoutingTable } from '../routing/routing-table.ts';
import { type RequestKind, type RequestMeta, type StoredRequest, toListItem, toResource } from './request.ts';
import { expiryAtIntake, type RetentionPolicy } from './retention.ts';
import { visibleRequest } from './visible-request.ts';

export interface RequestServiceDeps {
  store: RequestStore;
  dispatcher: OutboxDispatcher;
  exchangeLog: ExchangeLog;
  routingTable: RoutingTable;
  retention: RetentionPolicy;
  /** Keyed hash (HMAC-SHA-256) of a canonical body: a plain hash of personal data is still personal data. */
  hashPayload: (canonicalJson: string) => string;
  /** Hashes under the key ring's previous keys, so a retry across a key rotation is still a replay. */
  previousPayloadHashes?: PreviousPayloadHashes;
  now: () => Date;
  newId: () => string;
}

export interface Submission {
  kind: RequestKind;
  principal: Principal;
  /** The validated body. */
  body: Record<string, unknown> & { municipalReference?: string; preferredCentre?: Centre; caseId?: string };
  /** The body as received, for the idempotency comparison (RFC 8785 canonical form). */
  rawBody: unknown;
  idempotencyKey: string;
  requestId: string;
}

export interface SubmitResult {
  resource: Record<string, unknown>;
  replayed: boolean;
}

const collection = { case: 'cases', consultation: 'consultations' } as const;

/**
 * Intake and the municipality's side of cases and consultation requests: submit (idempotent, routed,
 * one transaction, then the queue), read and list, with the tenant rules of the contract. Changes of
 * existing requests (withdraw, status, transfer, delivery) are the LifecycleService's.
 */
export class RequestService {
  readonly #deps: RequestServiceDeps;

  constructor(deps: RequestServiceDeps) {
    this.#deps = deps;
  }

  async submit(input: Submission): Promise<SubmitResult> {
    const now = this.#deps.now();
    const canonical = canonicalize(input.rawBody) ?? '';
    const bodyHash = this.#deps.hashPayload(canonical);
    // The idempotency record is written in the creating transaction: a refused request never takes the
    // key, and a key that is taken comes back as the earlier request's record, for the replay.
    let created: { outbox: WorkMessage; version: number; resource: Record<string, unknown> };
    try {
      created = await this.#create(input, bodyHash, now);
    } catch (error) {
      if (error instanceof IdempotencyKeyTakenError) {
        const sameBody = matchesStoredHash(error.claim.bodyHash, bodyHash, canonical, this.#deps.previousPayloadHashes);
        return this.#replay(input, error.claim, bodyHash, sameBody);
      }
      throw error;
    }
    await this.#deps.dispatcher.afterCreate({ message: created.outbox, version: created.version }, input.requestId);
    return { resource: created.resource, replayed: false };
  }

  async #replay(
    input: Submission,
    claim: { status: 'in_progress' | 'completed'; bodyHash: string; kind?: RequestKind; resourceId?: string },
    bodyHash: string,
    sameBody: boolean,
  ): Promise<SubmitResult> {
    if (!sameBody || (claim.kind && claim.kind !== input.kind)) {
      throw new AppError('idempotency-key-reused', 'This Idempotency-Key was used with a different request body');
    }
    if (claim.status === 'in_progress' || !claim.resourceId) {
      throw new AppError('idempotency-in-progress', 'The first request with this Idempotency-Key is still being processed; retry shortly');
    }
    // Answered only to a caller who may still see it: a client id re-registered to another tenant gets 404.
    const stored = await this.#visible(input.kind, input.principal, claim.resourceId, input.requestId, `${collection[input.kind]}.create`);
    await this.#deps.exchangeLog.append(
      this.#entry(input.principal, input.requestId, {
        action: `${collection[input.kind]}.create`,
        subject: { type: input.kind, id: stored.meta.id },
        outcome: 'replayed',
        payloadSha256: bodyHash,
      }),
    );
    return { resource: toResource(stored), replayed: true };
  }

  async #create(input: Submission, bodyHash: string, now: Date) {
    const { body, principal, kind } = input;
    if (kind === 'consultation' && body.caseId) await this.#requireOwnCase(principal, body.caseId, now, input.requestId);
    const routing = routeRequest({ municipality: principal.organisation, preferredCentre: body.preferredCentre }, this.#deps.routingTable);
    const id = this.#deps.newId();
    const at = now.toISOString();
    const meta: RequestMeta = {
      kind,
      id,
      status: 'queued',
      municipality: principal.organisation,
      centre: routing.centre,
      routing,
      ...(body.municipalReference ? { municipalReference: body.municipalReference } : {}),
      ...(body.caseId ? { caseId: body.caseId } : {}),
      createdAt: at,
      updatedAt: at,
      personalDataExpiresAt: expiryAtIntake(now, this.#deps.retention).toISOString(),
      personalDataErased: false,
      version: 1,
    };
    const outbox = this.#message(`${kind}.submitted`, meta, at);
    meta.deliveryWorkId = outbox.workId;
    const subject = { type: kind, id };
    const action = `${collection[kind]}.create`;
    try {
      await this.#deps.store.create(
        {
          meta,
          submission: body,
          idempotency: { clientId: principal.clientId, key: input.idempotencyKey, bodyHash },
          outbox,
          reserveReference: kind === 'case',
          log: [
            this.#entry(principal, input.requestId, { action, subject, outcome: 'success', payloadSha256: bodyHash }),
            this.#entry(principal, input.requestId, {
              action: `${collection[kind]}.route`,
              subject,
              outcome: 'success',
              details: { centre: routing.centre, rule: routing.rule, policyVersion: routing.policyVersion },
            }),
          ],
        },
        now,
      );
    } catch (error) {
      if (error instanceof DuplicateReferenceError) {
        throw new AppError('duplicate-reference', `Case ${error.existingId} with this municipalReference is still open`, {
          extensions: { existingCaseId: error.existingId },
        });
      }
      throw error;
    }
    return { outbox, version: meta.version, resource: toResource({ meta, submission: body }) };
  }

  async #requireOwnCase(principal: Principal, caseId: string, now: Date, requestId: string): Promise<void> {
    const stored = await this.#deps.store.get(caseId, now);
    if (stored?.meta.kind === 'case' && stored.meta.municipality !== principal.organisation) {
      // A try on another municipality's case, as a direct read of it would be: logged for the administrators.
      const entry = this.#entry(principal, requestId, {
        action: 'consultations.create',
        subject: { type: 'case', id: caseId },
        outcome: 'denied',
      });
      await this.#deps.exchangeLog.refuse({ ...entry, reason: 'other_tenant' }, { clientId: principal.clientId });
    }
    if (stored?.meta.kind !== 'case' || stored.meta.municipality !== principal.organisation) {
      throw new NotFoundError('caseId does not name one of your cases');
    }
  }

  /** One request with its personal data, for its owner or assignee; the read is logged. */
  async read(kind: RequestKind, principal: Principal, id: string, requestId: string): Promise<Record<string, unknown>> {
    const stored = await this.#visible(kind, principal, id, requestId, `${collection[kind]}.read`);
    await this.#deps.exchangeLog.append(
      this.#entry(principal, requestId, { action: `${collection[kind]}.read`, subject: { type: kind, id }, outcome: 'success' }),
    );
    return toResource(stored);
  }

  async list(
    kind: RequestKind,
    principal: Principal,
    query: { status?: Status | undefined; municipalReference?: string | undefined; limit: number; after?: unknown },
  ) {
    const owner = principal.role === 'centre' ? { centre: principal.organisation as Centre } : { municipality: principal.organisation };
    const page = await this.#deps.store.list({
      kind,
      owner,
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.municipalReference ? { municipalReference: query.municipalReference } : {}),
      ...(query.after !== undefined ? { after: query.after } : {}),
    });
    return { items: page.items.map(toListItem), after: page.after };
  }

  /** The request if the caller may see it; else 404 (a try on another tenant's request is logged as denied). */
  #visible(kind: RequestKind, principal: Principal, id: string, requestId: string, action: string): Promise<StoredRequest> {
    return visibleRequest(this.#deps, { kind, id, principal, requestId, action });
  }

  #message(type: WorkType, meta: RequestMeta, at: string): WorkMessage {
    return { workId: this.#deps.newId(), type, subject: { type: meta.kind, id: meta.id }, centre: meta.centre, at };
  }

  #entry(principal: Principal, requestId: string, fields: Omit<ExchangeLogEntry, 'id' | 'at' | 'requestId' | 'actor'>): ExchangeLogEntry {
    return { id: this.#deps.newId(), at: this.#deps.now().toISOString(), requestId, actor: principal, ...fields };
  }
}
