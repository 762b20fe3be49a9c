import type { AuditReader, CheckpointSigner, CheckpointVerifier, SequencerStore } from '../ports/audit-chain.ts';
import type { Logger } from '../ports/logger.ts';
import type { VerifyResult } from './chain-verifier.ts';
import { linkEntries } from './chained-entry.ts';
import { verifyTail } from './tail-verification.ts';

/**
 * Entries chained per transaction: each needs a put and a delete, the head one update, and DynamoDB
 * takes at most 100 actions per TransactWriteItems.
 */
export const SEQUENCER_BATCH = 49;

export interface SequencerDeps {
  store: SequencerStore;
  /** Only the sequencer signs; without a signer it chains but publishes no checkpoints. */
  signer?: CheckpointSigner | undefined;
  /** Checks checkpoints with the public key, for the tail check before a checkpoint is signed. */
  verifier: CheckpointVerifier;
  /** Reads the chained entries for the tail check. */
  reader: Pick<AuditReader, 'head' | 'chainAfter'>;
  logger: Logger;
  now: () => Date;
  /** A new checkpoint once the last one is this old and the head has moved (ms; default one minute). */
  checkpointIntervalMs?: number;
}

export interface SequencerPass {
  /** Entries chained in this pass. */
  sequenced: number;
  /** Batches that found the head moved or a pending item changed, and were read again. */
  conflicts: number;
  /** The sequence number a checkpoint was published for in this pass, if any. */
  checkpointSeq?: number;
}

/** Tries of one batch against a moving head before the pass gives up (the next pass goes on). */
const MAX_CONFLICTS = 5;

/**
 * The one sequencer of the exchange log (DESIGN.md): business transactions write entries unsequenced
 * into sharded partitions, so no counter sits in every transaction; this takes them oldest first and
 * chains them into the gap-free sequence, each batch in one transaction that moves the head only from
 * where it read it. Two sequencers running at once therefore never fork the chain: one of them finds
 * the head moved and reads again. It then publishes a signed checkpoint of the head now and then.
 */
export class Sequencer {
  readonly #deps: SequencerDeps;

  constructor(deps: SequencerDeps) {
    this.#deps = deps;
  }

  /**
   * Chains what is pending, batch by batch, up to `maxBatches`; then a checkpoint when one is due (or
   * `checkpoint: 'now'` and the head moved since the last one).
   */
  async pass(options: { maxBatches?: number; checkpoint?: 'due' | 'now' | 'never' } = {}): Promise<SequencerPass> {
    const result: SequencerPass = { sequenced: 0, conflicts: 0 };
    for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
      const chained = await this.#chainBatch(result);
      if (chained === undefined) break;
      result.sequenced += chained;
    }
    if (options.checkpoint !== 'never') {
      const seq = await this.checkpoint(options.checkpoint === 'now');
      if (seq !== undefined) result.checkpointSeq = seq;
    }
    return result;
  }

  /** One batch: undefined when nothing is pending (or the head kept moving). */
  async #chainBatch(result: SequencerPass): Promise<number | undefined> {
    const { store, now } = this.#deps;
    for (;;) {
      const head = await store.head();
      const found = await store.pending(SEQUENCER_BATCH, now());
      if (found.length === 0) return undefined;
      // Writers' clocks order the batch (each partition answers its oldest, so these are the oldest of all);
      // an entry that commits late simply gets a later number.
      found.sort((a, b) => (a.entry.at === b.entry.at ? cmp(a.entry.id, b.entry.id) : cmp(a.entry.at, b.entry.at)));
      const batch = found.slice(0, SEQUENCER_BATCH);
      const chained = linkEntries(
        batch.map((p) => p.entry),
        head,
        now().toISOString(),
      );
      if ((await store.append(head, chained, batch)) === 'appended') return chained.length;
      if (++result.conflicts >= MAX_CONFLICTS) return undefined;
    }
  }

  /**
   * Verifies the tail of the chain, from the latest signed checkpoint to the head (tail-verification.ts).
   * @throws whatever the store or the verifier's key source throws (the check could not run).
   */
  verifyTail(): Promise<VerifyResult> {
    const { store, reader, verifier } = this.#deps;
    return verifyTail({ reader, verifier, latestCheckpoint: () => store.latestCheckpoint() });
  }

  /**
   * Signs and stores a checkpoint of the head when it moved since the last checkpoint and the last
   * one is older than the interval (or `force`). Also written to the application log, a store that
   * those who can write the table cannot rewrite. Answers the checkpoint's seq, if one was made.
   */
  async checkpoint(force = false): Promise<number | undefined> {
    const { store, signer, now, logger } = this.#deps;
    if (!signer) return undefined;
    const [head, latest] = await Promise.all([store.head(), store.latestCheckpoint()]);
    if (!head || (latest && latest.seq >= head.seq)) return undefined;
    const at = now();
    const interval = this.#deps.checkpointIntervalMs ?? 60_000;
    if (!force && latest && at.getTime() - new Date(latest.at).getTime() < interval) return undefined;
    const claims = { seq: head.seq, hash: head.hash, at: at.toISOString() };
    const jws = await signer.sign(claims);
    await store.saveCheckpoint({ ...claims, jws });
    logger.info('exchange log checkpoint', { ...claims, jws });
    return head.seq;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
