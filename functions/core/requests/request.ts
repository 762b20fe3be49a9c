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
  withdrawal?: { reason: string; consentRevoked: boolean; at: string };
  /** Optimistic-locking counter, raised by every change. */
  version: number;
}

/** A request as read: the skeleton, and the submission while its personal data is kept. */
export interface StoredRequest {
  meta: RequestMeta;
  submission?: Record<string, unknown>;
}

export type PersonalDataState = 'present' | 'expired' | 'erased';

function personalDataState(stored: StoredRequest): PersonalDataState {
  if (stored.meta.personalDataErased) return 'erased';
  return stored.submission ? 'present' : 'expired';
}

/** The resource as the API returns it: what was submitted (while kept) and its state. */
export function toResource(stored: StoredRequest): Record<string, unknown> {
  const { meta } = stored;
  const state = personalDataState(stored);
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
    ...(meta.withdrawal ? { withdrawal: meta.withdrawal } : {}),
  };
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
