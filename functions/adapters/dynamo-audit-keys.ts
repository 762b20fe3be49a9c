import type { ChainedEntry } from '../core/audit/chained-entry.ts';
import type { ExchangeLogEntry } from '../core/ports/exchange-log.ts';
import { shardOf } from './shards.ts';

/**
 * The layout of the audit table.
 * - `INBOX#<shard>` / `<at>#<id>`: entries written, not yet chained (sharded: every request writes here).
 * - `REFUSALS#<shard>` / `<window start>#<key>`: the repeats of one refusal source in one window.
 * - `CHAIN#<block>` / `<seq>`: chained entries, 10,000 per partition; written only by the sequencer.
 * - `HEAD` / `HEAD`: the sequencer's head (last seq and hash). `CHECKPOINT` / `<seq>`: signed checkpoints.
 * Chained entries carry the keys of three sparse indexes: by subject, by actor, by day and time.
 */
export const auditKeys = {
  inbox: (entry: Pick<ExchangeLogEntry, 'id' | 'at'>) => ({ pk: `INBOX#${shardOf(entry.id)}`, sk: `${entry.at}#${entry.id}` }),
  inboxPartition: (shard: number) => `INBOX#${shard}`,
  refusals: (window: string, key: string) => ({ pk: `REFUSALS#${shardOf(key)}`, sk: `${window}#${key}` }),
  refusalsPartition: (shard: number) => `REFUSALS#${shard}`,
  chain: (seq: number) => ({ pk: chainPartition(blockOf(seq)), sk: padded(seq) }),
  head: { pk: 'HEAD', sk: 'HEAD' },
  checkpointPartition: 'CHECKPOINT',
  checkpoint: (seq: number) => ({ pk: 'CHECKPOINT', sk: padded(seq) }),
};

/** Chained entries per chain partition. */
export const CHAIN_BLOCK = 10_000;

export const padded = (seq: number) => String(seq).padStart(12, '0');
export const blockOf = (seq: number) => Math.floor((Math.max(seq, 1) - 1) / CHAIN_BLOCK);
export const chainPartition = (block: number) => `CHAIN#${String(block).padStart(6, '0')}`;
export const dayPartition = (at: string) => `DAY#${at.slice(0, 10)}`;

/** The stored item of a chained entry, with its index keys. */
export function chainItem(entry: ChainedEntry): Record<string, unknown> {
  return {
    ...auditKeys.chain(entry.seq),
    ...entry,
    seqSk: padded(entry.seq),
    dayPk: dayPartition(entry.at),
    atSk: `${entry.at}#${padded(entry.seq)}`,
    ...(entry.subject ? { subjectPk: entry.subject.id } : {}),
    ...(entry.actor ? { actorPk: entry.actor.clientId } : {}),
  };
}

/** The global indexes of the audit table (resources.ts declares them). */
export const AUDIT_INDEXES = {
  bySubject: { name: 'auditBySubject', partitionKey: 'subjectPk', sortKey: 'seqSk' },
  byActor: { name: 'auditByActor', partitionKey: 'actorPk', sortKey: 'seqSk' },
  byTime: { name: 'auditByTime', partitionKey: 'dayPk', sortKey: 'atSk' },
} as const;
