import type { Status } from '../../../schemas/requests.ts';
import type { RoutingRule } from '../../../schemas/routing-table.ts';
import type { Centre } from '../centres.ts';

export type RequestKind = 'case' | 'consultation';

/** Statuses after which nothing changes any more. */
export const FINAL_STATUSES: ReadonlySet<Status> = new Set(['completed', 'departed', 'closed_without_return', 'withdrawn']);

export function isFinal(status: Status): boolean {
  return FINAL_STATUSES.has(status);
}

export interface RoutingDecision {
  centre: Centre;
  rule: RoutingRule;
  policyVersion: string;
}

/** The skeleton of a case or consultation request: ids, state and dates, no personal data. */
export interface RequestMeta {
  kind: RequestKind;
  id: string;
  status: Status;
  /** AGS of the owning municipality. */
  municipality: string;
  centre: Centre;
  routing: RoutingDecision;
  municipalReference?: string;
  /** For a consultation request: the case it belongs to. */
  caseId?: string;
  createdAt: string;
  updatedAt: string;
  /** When the personal data goes (retention); it is erased earlier when consent is revoked. */
  personalDataExpiresAt: string;
  personalDataErased: boolean;
  /** The withdrawal; its free-text reason is kept with the personal data (`StoredRequest.withdrawalReason`). */
  withdrawal?: { consentRevoked: boolean; at: string; reason?: string };
  /** The appointment a centre reported, while the status is `appointment_scheduled` (RFC 3339 UTC). */
  appointmentAt?: string;
  /**
   * The workId of the `*.submitted` or `*.transferred` item whose ack delivers the request, while it is
   * `queued`: an older item of an earlier assignment never delivers it.
   */
  deliveryWorkId?: string;
  /** Optimistic-locking counter, raised by every change. */
  version: number;
}

/**
 * A centre's free-text note on a status change, or the reason of a transfer. Free text may name the
 * person, so notes are kept with the personal data: the same retention, erased with it.
 */
export interface CentreNote {
  at: string;
  /** The centre that wrote it. */
  centre: Centre;
  /** The status the change set. */
  status: Status;
  text: string;
  /** For a transfer's reason: the centre the request went to. */
  transferredTo?: Centre;
}

/** A request as read: the skeleton, and the submission and centre notes while its personal data is kept. */
export interface StoredRequest {
  meta: RequestMeta;
  submission?: Record<string, unknown>;
  centreNotes?: CentreNote[];
  /** The municipality's reason of a withdrawal: free text that may name the person, so personal data. */
  withdrawalReason?: string;
}

/** `withheld`: answered to a centre that has just transferred the request and no longer sees its personal data. */
export type PersonalDataState = 'present' | 'expired' | 'erased' | 'withheld';

function personalDataState(stored: StoredRequest, withhold: boolean): PersonalDataState {
  if (stored.meta.personalDataErased) return 'erased';
  if (!stored.submission) return 'expired';
  return withhold ? 'withheld' : 'present';
}

/**
 * The resource as the API returns it: what was submitted (while kept) and its state. With `withhold`,
 * the skeleton only (ids, status, dates), for a caller that may no longer see the personal data.
 */
export function toResource(stored: StoredRequest, options: { withhold?: boolean } = {}): Record<string, unknown> {
  const { meta } = stored;
  const state = personalDataState(stored, options.withhold === true);
  const notes = state === 'present' ? (stored.centreNotes ?? []) : [];
  return {
    ...(state === 'present' ? stored.submission : {}),
    id: meta.id,
    status: meta.status,
    centre: meta.centre,
    municipality: meta.municipality,
    ...(meta.municipalReference !== undefined ? { municipalReference: meta.municipalReference } : {}),
    ...(meta.caseId !== undefined ? { caseId: meta.caseId } : {}),
    routing: meta.routing,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
    personalData: state,
    ...(state === 'present' ? { personalDataExpiresAt: meta.personalDataExpiresAt } : {}),
    ...(meta.withdrawal ? { withdrawal: withdrawalOf(meta.withdrawal, state === 'present' ? stored.withdrawalReason : undefined) } : {}),
    ...(meta.appointmentAt !== undefined ? { appointmentAt: meta.appointmentAt } : {}),
    ...(notes.length > 0 ? { centreNotes: notes } : {}),
  };
}

/** The withdrawal as answered: the reason only while the personal data is kept (older skeletons carried it inline). */
function withdrawalOf(withdrawal: NonNullable<RequestMeta['withdrawal']>, reason: string | undefined) {
  const { reason: inline, ...rest } = withdrawal;
  const shown = reason ?? inline;
  return { ...rest, ...(shown !== undefined ? { reason: shown } : {}) };
}

/** A list entry: never personal data. */
export function toListItem(meta: RequestMeta) {
  return {
    id: meta.id,
    status: meta.status,
    centre: meta.centre,
    municipality: meta.municipality,
    ...(meta.municipalReference !== undefined ? { municipalReference: meta.municipalReference } : {}),
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
}
