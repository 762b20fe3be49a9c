import type { FeedEventType } from '../../../schemas/lifecycle.ts';
import type { Status } from '../../../schemas/requests.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import type { Centre } from '../centres.ts';
import { AppError } from '../errors.ts';
import type { Principal } from '../participants.ts';
import type { ExchangeLogEntry } from '../ports/exchange-log.ts';
import type { ChangePlan } from '../ports/lifecycle-store.ts';
import { type CentreNote, isFinal, type RequestMeta, type StoredRequest, toResource } from '../requests/request.ts';
import { expiryAfterFinal, type RetentionPolicy } from '../requests/retention.ts';
import { type LifecycleChange, nextStatus } from './lifecycle-table.ts';

/** What a caller asks for; the lifecycle table decides whether the request may make that change. */
export type ChangeRequest =
  | { change: 'deliver'; workId: string }
  | { change: 'status'; status: Status; note?: string | undefined; appointmentAt?: string | undefined }
  | { change: 'transfer'; centre: Centre; reason: string }
  | { change: 'withdraw'; reason: string; consentRevoked: boolean };

export interface PlanContext {
  actor: Principal;
  requestId: string;
  now: Date;
  newId: () => string;
  retention: RetentionPolicy;
  /** Keyed hash of the body the caller sent, for the log entry. */
  payloadSha256?: string | undefined;
}

export interface PlannedChange {
  plan: ChangePlan;
  /** The resource as the caller is answered: without personal data after a transfer (the caller lost access). */
  resource: Record<string, unknown>;
}

/**
 * Centre notes kept per request. Notes live in the personal data item (DynamoDB: 400 KB per item): 50
 * notes of at most 500 characters stay far below that next to a submission of at most 256 KiB.
 */
export const MAX_CENTRE_NOTES = 50;

const collection = { case: 'cases', consultation: 'consultations' } as const;
const eventSuffix: Record<LifecycleChange, string> = {
  deliver: 'status_changed',
  status: 'status_changed',
  transfer: 'transferred',
  withdraw: 'withdrawn',
};
const logVerb: Record<LifecycleChange, string> = { deliver: 'status', status: 'status', transfer: 'transfer', withdraw: 'withdraw' };

/**
 * Plans one change of a stored request (pure): the next state from the lifecycle table, the transition
 * record, the feed event, the log entry (ids and codes only), the outbox work item of a transfer or
 * withdrawal, what happens to the personal data and the file-number reservation.
 * @throws InvalidTransitionError (409) for a change the lifecycle table does not have, or a transfer to
 *   the centre the request is already assigned to.
 * @throws AppError `conflict` (409) when a note would exceed MAX_CENTRE_NOTES.
 */
export function planChange(stored: StoredRequest, request: ChangeRequest, ctx: PlanContext): PlannedChange {
  const before = stored.meta;
  const to = nextStatus(request.change, before.status, request.change === 'status' ? request.status : undefined);
  if (request.change === 'transfer' && request.centre === before.centre) {
    throw new AppError('invalid-transition', `The request is already assigned to ${before.centre}; a transfer goes to the other centre`);
  }
  const at = ctx.now.toISOString();
  const final = isFinal(to);
  const erase = request.change === 'withdraw' && request.consentRevoked;
  const { appointmentAt: _appointment, deliveryWorkId: _delivery, ...rest } = before;
  const after: RequestMeta = {
    ...rest,
    status: to,
    updatedAt: at,
    version: before.version + 1,
    ...(request.change === 'status' && request.appointmentAt !== undefined ? { appointmentAt: request.appointmentAt } : {}),
    ...(request.change === 'transfer' ? { centre: request.centre } : {}),
    ...(request.change === 'withdraw' ? { withdrawal: { consentRevoked: erase, at } } : {}),
    personalDataErased: before.personalDataErased || erase,
    personalDataExpiresAt: erase
      ? at
      : final
        ? expiryAfterFinal(new Date(before.personalDataExpiresAt), ctx.now, ctx.retention).toISOString()
        : before.personalDataExpiresAt,
  };
  const outbox = workItem(request.change, after, at, ctx.newId);
  if (outbox && request.change === 'transfer') after.deliveryWorkId = outbox.workId;
  const note = centreNote(stored, request, before.centre, to, at);
  const kept = stored.submission && !erase;
  // The reason is free text that may name the person: it lives with the personal data, or not at all.
  const withdrawalReason = request.change === 'withdraw' && kept ? request.reason : undefined;
  const plan: ChangePlan = {
    before,
    after,
    personalData: erase ? 'erase' : final ? 'expire' : 'keep',
    ...(note ? { note } : {}),
    ...(withdrawalReason !== undefined ? { withdrawalReason } : {}),
    releaseReference: final && before.kind === 'case',
    ...(outbox ? { outbox } : {}),
    log: [logEntry(request, before, after, ctx)],
    transition: {
      version: after.version,
      change: request.change,
      from: before.status,
      to,
      centre: after.centre,
      ...(request.change === 'transfer' ? { previousCentre: before.centre } : {}),
      actor: ctx.actor,
      at,
      requestId: ctx.requestId,
      ...(request.change === 'deliver' ? { workId: request.workId } : {}),
    },
    event: {
      id: ctx.newId(),
      type: `${before.kind}.${eventSuffix[request.change]}` as FeedEventType,
      at,
      subject: { type: before.kind, id: before.id },
      status: to,
      centre: after.centre,
      ...(after.appointmentAt !== undefined ? { appointmentAt: after.appointmentAt } : {}),
    },
  };
  const notes = [...(stored.centreNotes ?? []), ...(note ? [note] : [])];
  const resource = toResource(
    {
      meta: after,
      ...(kept ? { submission: stored.submission, centreNotes: notes, withdrawalReason: withdrawalReason ?? stored.withdrawalReason } : {}),
    },
    { withhold: request.change === 'transfer' },
  );
  return { plan, resource };
}

/** The work item a change sends: a transfer to the new centre, a withdrawal to the assigned one. */
function workItem(change: LifecycleChange, after: RequestMeta, at: string, newId: () => string): WorkMessage | undefined {
  if (change !== 'transfer' && change !== 'withdraw') return undefined;
  const type = change === 'transfer' ? (`${after.kind}.transferred` as const) : (`${after.kind}.withdrawn` as const);
  return { workId: newId(), type, subject: { type: after.kind, id: after.id }, centre: after.centre, at };
}

/** The note of a status report or the reason of a transfer; none when the personal data is already gone. */
function centreNote(stored: StoredRequest, request: ChangeRequest, centre: Centre, status: Status, at: string): CentreNote | undefined {
  const text = request.change === 'status' ? request.note : request.change === 'transfer' ? request.reason : undefined;
  if (text === undefined || !stored.submission) return undefined;
  if ((stored.centreNotes?.length ?? 0) >= MAX_CENTRE_NOTES) {
    throw new AppError('conflict', `This request already has ${MAX_CENTRE_NOTES} centre notes; send the change without a note`);
  }
  return { at, centre, status, text, ...(request.change === 'transfer' ? { transferredTo: request.centre } : {}) };
}

/** The exchange-log entry of a change: codes and ids, never the note, reason or any other free text. */
function logEntry(request: ChangeRequest, before: RequestMeta, after: RequestMeta, ctx: PlanContext): ExchangeLogEntry {
  const details: Record<string, string | boolean> = { from: before.status, to: after.status };
  if (request.change === 'transfer') Object.assign(details, { fromCentre: before.centre, toCentre: after.centre });
  if (request.change === 'withdraw') details.consentRevoked = request.consentRevoked;
  if (request.change === 'deliver') details.workId = request.workId;
  return {
    id: ctx.newId(),
    at: ctx.now.toISOString(),
    requestId: ctx.requestId,
    actor: ctx.actor,
    action: `${collection[before.kind]}.${logVerb[request.change]}`,
    subject: { type: before.kind, id: before.id },
    outcome: 'success',
    ...(ctx.payloadSha256 ? { payloadSha256: ctx.payloadSha256 } : {}),
    details,
  };
}
