import type { ChainedEntry } from '../audit/chained-entry.ts';
import type { ExchangeLogEntry } from './exchange-log.ts';

/** The sequencer's head: the last chained entry's sequence number and hash. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** An entry waiting to be chained, with the store's handle to remove it in the chaining transaction. */
export interface PendingEntry {
  entry: ExchangeLogEntry;
  /** Opaque to the core: which item to delete (and under which condition) when the entry is chained. */
  handle: unknown;
}

/** A signed statement of the chain's state: entry `seq` has hash `hash` (JWS compact, ES256). */
export interface Checkpoint {
  seq: number;
  hash: string;
  /** When it was signed. */
  at: string;
  jws: string;
}

/** What the single sequencer needs from the store. */
export interface SequencerStore {
  head(): Promise<ChainHead | undefined>;
  /** Up to `limit` unsequenced entries (written ones and closed refusal windows), oldest first. */
  pending(limit: number, now: Date): Promise<PendingEntry[]>;
  /**
   * Appends the chained entries and removes their pending items in one transaction that also moves
   * the head from `from` to the last entry. Answers `conflict` when the head was not at `from` any
   * more or a pending item changed meanwhile (another sequencer ran, or a window was counted into):
   * nothing was written then.
   */
  append(from: ChainHead | undefined, chained: ChainedEntry[], sources: PendingEntry[]): Promise<'appended' | 'conflict'>;
  latestCheckpoint(): Promise<Checkpoint | undefined>;
  saveCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

/** Filters of GET /v1/audit; all optional, combined with AND. Times are RFC 3339 UTC, `to` exclusive. */
export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  action?: string | undefined;
  /** A client id. */
  actor?: string | undefined;
  /** A resource id (case, consultation, centre). */
  subject?: string | undefined;
}

/** What the administrators' reads need from the store. */
export interface AuditReader {
  head(): Promise<ChainHead | undefined>;
  /** Chained entries with seq > `afterSeq`, ascending, at most `limit` (strongly consistent). */
  chainAfter(afterSeq: number, limit: number): Promise<ChainedEntry[]>;
  checkpoints(): Promise<Checkpoint[]>;
  /** A page of matching entries, newest first; `after` continues a previous page. */
  search(filter: AuditFilter, limit: number, after?: unknown): Promise<{ entries: ChainedEntry[]; after?: unknown }>;
  /** Entries with `from <= at < to`, oldest first, page by page. */
  range(from: string, to: string): AsyncIterable<ChainedEntry[]>;
}

/** Signs checkpoints; only the sequencer holds one. */
export interface CheckpointSigner {
  sign(claims: { seq: number; hash: string; at: string }): Promise<string>;
}

/** Checks a checkpoint's signature with the public key; throws when it does not verify. */
export interface CheckpointVerifier {
  verify(jws: string): Promise<{ seq: number; hash: string; at: string }>;
}
