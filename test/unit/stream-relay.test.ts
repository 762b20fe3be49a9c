import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { committedOutboxEntries, relayCommitted } from '../../functions/entry/stream-relay.ts';

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, sk: string, seconds: number): DynamoDBRecord => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, ApproximateCreationDateTime: seconds },
});

describe('the stream-triggered relay', () => {
  it('takes the subjects of inserted outbox entries, and nothing else', () => {
    const entries = committedOutboxEntries([
      record('INSERT', 'REQ#a', 'OUTBOX#0000000001#w1', 100),
      record('REMOVE', 'REQ#b', 'OUTBOX#0000000001#w2', 100),
      record('INSERT', 'REQ#c', 'META', 100),
      record('INSERT', 'WORK#w3', 'LEDGER', 100),
    ]);
    expect(entries).toEqual([{ subjectId: 'a', committedAtMs: 100_000 }]);
  });

  it('leaves a fresh entry to the direct send for the grace, and never waits longer than the grace', async () => {
    const waits: number[] = [];
    const relayed: string[][] = [];
    const dispatcher = {
      relaySubjects: async (ids: Iterable<string>) => {
        relayed.push([...ids]);
        return { sent: 1, failed: 0 };
      },
    };
    const options = (now: number) => ({ graceMs: 2000, now: () => now, sleep: async (ms: number) => void waits.push(ms) });
    // Committed in second 100 (rounded down), seen at 100.2 s: wait out the grace, counted from the end of that second.
    await relayCommitted(dispatcher, [{ subjectId: 'a', committedAtMs: 100_000 }], options(100_200));
    // Seen long after: the direct send had its chance, relay at once.
    await relayCommitted(dispatcher, [{ subjectId: 'b', committedAtMs: 100_000 }], options(110_000));
    expect(waits).toEqual([2000]);
    expect(relayed).toEqual([['a'], ['b']]);
  });

  it('relays each subject once however many of its entries the batch reports', async () => {
    const relayed: string[] = [];
    const dispatcher = {
      relaySubjects: async (ids: Iterable<string>) => {
        relayed.push(...new Set(ids));
        return { sent: 0, failed: 0 };
      },
    };
    await relayCommitted(
      dispatcher,
      [
        { subjectId: 'a', committedAtMs: 0 },
        { subjectId: 'a', committedAtMs: 0 },
      ],
      { graceMs: 0, now: () => 10_000, sleep: async () => undefined },
    );
    expect(relayed).toEqual(['a']);
  });
});
