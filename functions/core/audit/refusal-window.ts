import type { ExchangeLogEntry, RefusalSource } from '../ports/exchange-log.ts';

/** Refusals of one source, action and reason are counted per window of this length (ms). */
export const REFUSAL_WINDOW_MS = 60_000;
/** A window is closed for counting this long after its end (ms): late writers with a slower clock still count in. */
export const REFUSAL_GRACE_MS = 5_000;

/** The start (RFC 3339 UTC) of the window that `at` falls in. */
export function windowStart(at: string | Date): string {
  const ms = new Date(at).getTime();
  return new Date(ms - (ms % REFUSAL_WINDOW_MS)).toISOString();
}

/** The start of the newest window that is closed at `now`: windows starting before it may be counted out. */
export function closedBefore(now: Date): string {
  return windowStart(new Date(now.getTime() - REFUSAL_GRACE_MS));
}

/**
 * What makes refusals "the same" for counting: the source, the operation and the reason, and for an
 * identified client also the subject (which ids a registered client tried is evidence, and the client
 * is accountable and rate limited). For an anonymous caller the path's id is noise it chooses freely,
 * so it is left out: a flood over random ids stays bounded.
 */
export function refusalKeyText(entry: Pick<ExchangeLogEntry, 'action' | 'reason' | 'subject'>, source: RefusalSource): string {
  const parts =
    'clientId' in source
      ? ['client', source.clientId, entry.action, entry.reason ?? '', entry.subject?.type ?? '', entry.subject?.id ?? '']
      : ['address', source.address, entry.action, entry.reason ?? ''];
  return JSON.stringify(parts);
}
