import type { Principal } from '../participants.ts';

export type ExchangeOutcome = 'success' | 'replayed' | 'denied' | 'rejected' | 'failed';

/**
 * One exchange: who did what to which subject, with which outcome. Ids and codes only: an entry never
 * holds a name, a birth date, a token or a request body.
 */
export interface ExchangeLogEntry {
  id: string;
  at: string;
  /** Absent when the caller could not be identified (no or invalid token). */
  actor?: Principal;
  action: string;
  subject?: { type: string; id: string };
  outcome: ExchangeOutcome;
  requestId: string;
  /** A machine-readable cause for denied or rejected calls (e.g. `role_not_allowed`). */
  reason?: string;
  payloadSha256?: string;
  /** Further ids and codes of the exchange (centre, routing rule, policy version). */
  details?: Record<string, string | number | boolean>;
}

/** Appends to the exchange log. Every handler calls it; refused calls are recorded as `denied`. */
export interface ExchangeLog {
  append(entry: ExchangeLogEntry): Promise<void>;
}
