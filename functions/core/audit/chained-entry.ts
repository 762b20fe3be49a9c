import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ExchangeLogEntry } from '../ports/exchange-log.ts';

/**
 * An entry of the exchange log once the sequencer has chained it: its place in the gap-free sequence
 * (1, 2, 3, ...), its predecessor's hash and its own. `hash` covers every field of the entry, `seq`,
 * `prevHash` and `sequencedAt` (SHA-256 over the RFC 8785 canonical JSON), so editing, deleting or
 * reordering any entry breaks the chain from there on.
 */
export interface ChainedEntry extends ExchangeLogEntry {
  seq: number;
  /** The hash of entry `seq - 1`; GENESIS_HASH for entry 1. */
  prevHash: string;
  /** Lower-case hex SHA-256 of the canonical JSON of everything else in the entry. */
  hash: string;
  /** When the sequencer chained it (its own clock; `at` is the writer's). */
  sequencedAt: string;
}

/** The predecessor hash of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry consists of; whatever else a stored item carries (keys, index keys) is not the entry's. */
const ENTRY_FIELDS = [
  'id',
  'at',
  'actor',
  'action',
  'subject',
  'outcome',
  'requestId',
  'reason',
  'payloadSha256',
  'details',
  'count',
  'lastAt',
] as const satisfies readonly (keyof ExchangeLogEntry)[];

const CHAIN_FIELDS = ['seq', 'prevHash', 'hash', 'sequencedAt'] as const;

function pick<K extends string>(item: Record<string, unknown>, fields: readonly K[]): Record<K, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) picked[field] = item[field];
  return picked as Record<K, unknown>;
}

/** The entry of a stored item, without storage attributes. */
export function entryOf(item: Record<string, unknown>): ExchangeLogEntry {
  return pick(item, ENTRY_FIELDS) as unknown as ExchangeLogEntry;
}

/** The chained entry of a stored item, without storage attributes. */
export function chainedEntryOf(item: Record<string, unknown>): ChainedEntry {
  return pick(item, [...ENTRY_FIELDS, ...CHAIN_FIELDS]) as unknown as ChainedEntry;
}

/** The hash an entry must carry: SHA-256 (hex) of the RFC 8785 canonical JSON of all its fields but `hash`. */
export function chainHash(entry: Omit<ChainedEntry, 'hash'> | ChainedEntry): string {
  const { hash: _hash, ...content } = chainedEntryOf(entry as unknown as Record<string, unknown>);
  return createHash('sha256')
    .update(canonicalize(content) ?? '')
    .digest('hex');
}

/**
 * Links entries in the given order after the head (`undefined` for an empty log): seq head+1, head+2, ...
 * each hashing its predecessor.
 */
export function linkEntries(
  entries: ExchangeLogEntry[],
  head: { seq: number; hash: string } | undefined,
  sequencedAt: string,
): ChainedEntry[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  return entries.map((entry) => {
    seq += 1;
    const unhashed = { ...entryOf(entry as unknown as Record<string, unknown>), seq, prevHash, sequencedAt };
    const linked = { ...unhashed, hash: chainHash(unhashed) };
    prevHash = linked.hash;
    return linked;
  });
}
