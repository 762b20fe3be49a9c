import type { Principal } from '../participants.ts';

export type ExchangeOutcome = 'success' | 'replayed' | 'denied' | 'rejected' | 'failed';

/**
 * One exchange: who did what to which subject, with which outcome. Ids and codes only: an entry never
 * holds a name, a birth date, a token or a request body.
 */
export interface ExchangeLogEntry {
  id: string;
  at: string;
  /** Absent when the caller could not be identified (no or invalid token) and for the system's own sends. */
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
  /**
   * How many calls the entry stands for when more than one: the repeats of a refusal within one window
   * (CONTRACT.md, refusals are bounded). Then `at` and `requestId` are the first repeat's, `lastAt` the last's.
   */
  count?: number;
  /** The time of the last call an aggregated entry counts. */
  lastAt?: string;
}

/**
 * Where a refused call came from: the registered client when its token was valid, else the network
 * address of the caller (kept only as a keyed digest, never as such). Repeats of one source are counted.
 */
export type RefusalSource = { clientId: string } | { address: string };

/**
 * Appends to the exchange log (unsequenced; the sequencer chains entries in order). Entries of state
 * changes are written in the change's own transaction by the stores instead.
 */
export interface ExchangeLog {
  append(entry: ExchangeLogEntry): Promise<void>;
  /**
   * Records a refused call (`outcome: denied`), bounded: the first refusal of a source, action and reason
   * (and, for an identified client, subject) within a window is an entry of its own; its repeats in the
   * window become one entry with a `count` when the window has closed.
   */
  refuse(entry: ExchangeLogEntry, source: RefusalSource): Promise<void>;
}
