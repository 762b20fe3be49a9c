/**
 * Write sharding for partitions that every request writes to (pending outbox, waiting work): a key is
 * spread over this many partitions by a stable hash of the subject, so no single partition is hot
 * (DynamoDB: 1,000 writes/s per partition). Readers query every shard.
 */
export const SHARDS = 4;

/** The shard (0..SHARDS-1) of an id: FNV-1a over its UTF-16 code units, stable across processes. */
export function shardOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARDS;
}

/** Every shard number, for readers. */
export const ALL_SHARDS: readonly number[] = Array.from({ length: SHARDS }, (_, i) => i);
