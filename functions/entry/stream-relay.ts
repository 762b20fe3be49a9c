import type { DynamoDBRecord } from 'aws-lambda';
import type { OutboxDispatcher, RelayResult } from '../core/outbox/outbox-dispatcher.ts';

/** An outbox entry the table's stream reported as committed. */
export interface CommittedOutboxEntry {
  subjectId: string;
  /** When the commit happened, in ms since the epoch (the stream gives whole seconds, rounded down). */
  committedAtMs: number;
}

/**
 * The outbox entries among stream records: inserted items whose sort key starts with `OUTBOX#` (the
 * stack's filter lets only those through; this check keeps the handler right without it). The stream
 * carries keys only: no personal data leaves the table through it.
 */
export function committedOutboxEntries(records: readonly DynamoDBRecord[]): CommittedOutboxEntry[] {
  return records.flatMap((record) => {
    const pk = record.dynamodb?.Keys?.pk?.S;
    const sk = record.dynamodb?.Keys?.sk?.S;
    if (record.eventName !== 'INSERT' || !pk?.startsWith('REQ#') || !sk?.startsWith('OUTBOX#')) return [];
    return [{ subjectId: pk.slice('REQ#'.length), committedAtMs: (record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000 }];
  });
}

export interface StreamRelayOptions {
  /**
   * How long after its commit an entry is left to the direct send, in ms. The direct send follows the
   * commit within milliseconds; relaying only after this grace keeps the relay from sending nearly every
   * item twice, and bounds how late a failed direct send reaches its centre: the grace plus the
   * stream's delay (typically well under a second).
   */
  graceMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * The relay's answer to committed outbox entries: after the grace, sends what is still pending of their
 * subjects (a direct send that succeeded has removed its entry, so nothing is sent twice then). Never
 * throws for a failed send: the entry stays pending and the scheduled pass sends it later.
 */
export async function relayCommitted(
  dispatcher: Pick<OutboxDispatcher, 'relaySubjects'>,
  entries: readonly CommittedOutboxEntry[],
  options: StreamRelayOptions,
): Promise<RelayResult> {
  if (entries.length === 0) return { sent: 0, failed: 0 };
  // The stream's time is rounded down to the second: add one so that no entry is relayed before its grace.
  const newest = Math.max(...entries.map((entry) => entry.committedAtMs + 1000));
  const wait = Math.min(options.graceMs, newest + options.graceMs - options.now());
  if (wait > 0) await options.sleep(wait);
  return dispatcher.relaySubjects(entries.map((entry) => entry.subjectId));
}
