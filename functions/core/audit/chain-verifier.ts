import { type ChainedEntry, chainHash, GENESIS_HASH } from './chained-entry.ts';

/** Why a chain does not verify, at `firstBrokenSeq`. */
export type ChainBreak =
  /** The entry at this place has another sequence number: an entry was deleted, or entries were moved. */
  | 'sequence-mismatch'
  /** The entry's content does not hash to its stored hash: it was edited. */
  | 'hash-mismatch'
  /** The entry does not name its predecessor's hash: entries were reordered or one was inserted. */
  | 'broken-link'
  /** The chain is consistent but differs from a signed checkpoint: it was recomputed after a change. */
  | 'checkpoint-mismatch'
  /** The chain ends before the sequencer's head or a signed checkpoint: its tail was deleted. */
  | 'truncated'
  /** The last entry differs from the sequencer's head: it (or the head) was changed. */
  | 'head-mismatch'
  /** A stored checkpoint whose signature or content does not verify. */
  | 'invalid-checkpoint';

/** The answer of GET /v1/audit/verify. */
export interface VerifyResult {
  ok: boolean;
  /** Entries found intact, from seq 1 on. */
  checked: number;
  /** The first sequence number that cannot be vouched for; null when the chain verifies. */
  firstBrokenSeq: number | null;
  problem: ChainBreak | null;
  /** The sequencer's head as stored: the last chained entry. */
  headSeq: number;
  /** Signed checkpoints whose signature verified and whose hash the chain matched. */
  checkpointsMatched: number;
}

/** A checkpoint whose signature has been verified: the chain's hash at `seq`. */
export interface TrustedCheckpoint {
  seq: number;
  hash: string;
}

/**
 * Walks the chain in storage order (by sequence number) and finds the first place where it breaks.
 * Feed entries with `next` until it answers false (broken: reading on is pointless), then `finish`.
 * Signed checkpoints turn a recomputed chain (consistent in itself) into a detected break: the first
 * entry after the last checkpoint that still matched is the first one that cannot be vouched for.
 */
export class ChainVerifier {
  readonly #checkpoints: Map<number, string>;
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;
  #lastMatchedCheckpoint = 0;
  #matched = 0;
  #broken: { seq: number; problem: ChainBreak } | undefined;
  #invalidCheckpoints: number[] = [];

  /**
   * @param checkpoints signed checkpoints whose signatures verified.
   * @param start where the walk begins: after entry `seq`, whose hash is `hash` (a tail check); the
   *   genesis (seq 0) by default. `checked` then counts from seq 1 as if the part before were intact.
   */
  constructor(checkpoints: TrustedCheckpoint[], start?: TrustedCheckpoint) {
    this.#checkpoints = new Map(checkpoints.map((c) => [c.seq, c.hash]));
    if (start) {
      this.#expectedSeq = start.seq + 1;
      this.#prevHash = start.hash;
      // A recomputed tail is then reported from where the walk began, not from entry 1.
      this.#lastMatchedCheckpoint = start.seq;
    }
  }

  /** Checks the next entry; false once the chain is broken. */
  next(entry: ChainedEntry): boolean {
    if (this.#broken) return false;
    const seq = this.#expectedSeq;
    if (entry.seq !== seq) return this.#break(seq, 'sequence-mismatch');
    if (chainHash(entry) !== entry.hash) return this.#break(seq, 'hash-mismatch');
    if (entry.prevHash !== this.#prevHash) return this.#break(seq, 'broken-link');
    const signed = this.#checkpoints.get(seq);
    if (signed !== undefined) {
      if (signed !== entry.hash) return this.#break(this.#lastMatchedCheckpoint + 1, 'checkpoint-mismatch');
      this.#lastMatchedCheckpoint = seq;
      this.#matched += 1;
    }
    this.#expectedSeq = seq + 1;
    this.#prevHash = entry.hash;
    return true;
  }

  /** Notes a stored checkpoint that failed its signature check: someone wrote it who could not sign. */
  invalidCheckpoint(seq: number): void {
    this.#invalidCheckpoints.push(seq);
  }

  /** The result, given the sequencer's stored head (undefined for an empty log). */
  finish(head: { seq: number; hash: string } | undefined): VerifyResult {
    const last = this.#expectedSeq - 1;
    if (!this.#broken) {
      const beyond = Math.max(head?.seq ?? 0, ...this.#checkpoints.keys());
      if (beyond > last) this.#break(last + 1, 'truncated');
      else if (head && head.seq === last && head.hash !== this.#prevHash) this.#break(last, 'head-mismatch');
      // Entries beyond the head were not written by the sequencer.
      else if (head && head.seq < last) this.#break(head.seq + 1, 'head-mismatch');
    }
    const forged = Math.min(...this.#invalidCheckpoints);
    // A forged checkpoint where the walk also stopped is reported as what it is.
    if (this.#invalidCheckpoints.length > 0 && forged <= (this.#broken?.seq ?? Number.POSITIVE_INFINITY))
      this.#broken = { seq: forged, problem: 'invalid-checkpoint' };
    const broken = this.#broken;
    return {
      ok: !broken,
      checked: broken ? Math.min(last, broken.seq - 1) : last,
      firstBrokenSeq: broken?.seq ?? null,
      problem: broken?.problem ?? null,
      headSeq: head?.seq ?? 0,
      checkpointsMatched: this.#matched,
    };
  }

  #break(seq: number, problem: ChainBreak): false {
    this.#broken = { seq, problem };
    return false;
  }
}
