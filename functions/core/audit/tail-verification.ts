import type { AuditReader, Checkpoint, CheckpointVerifier } from '../ports/audit-chain.ts';
import { ChainVerifier, type VerifyResult } from './chain-verifier.ts';

/** Entries read per page of a tail check. */
const TAIL_PAGE = 1000;

export interface TailVerificationDeps {
  reader: Pick<AuditReader, 'head' | 'chainAfter'>;
  /** The latest stored checkpoint (the sequencer's store). */
  latestCheckpoint: () => Promise<Checkpoint | undefined>;
  /** Checks a checkpoint's signature with the public key. */
  verifier: CheckpointVerifier;
}

/**
 * Verifies the exchange log's tail: the latest signed checkpoint (its signature, and that the entry at
 * its seq still has the signed hash), then every entry after it up to the sequencer's head (numbering,
 * hashes, links). Without a checkpoint yet it walks from entry 1. This is what the sequencer checks
 * each run before it signs a new checkpoint, so a tampered tail is reported and never signed over.
 * Entries before the checkpoint are covered by GET /v1/audit/verify, which walks the whole chain.
 */
export async function verifyTail(deps: TailVerificationDeps): Promise<VerifyResult> {
  const [head, checkpoint] = await Promise.all([deps.reader.head(), deps.latestCheckpoint()]);
  let chain = new ChainVerifier([]);
  let after = 0;
  if (checkpoint) {
    const claims = await deps.verifier.verify(checkpoint.jws).catch(() => undefined);
    const [entry] = await deps.reader.chainAfter(checkpoint.seq - 1, 1);
    if (!claims || claims.seq !== checkpoint.seq || claims.hash !== checkpoint.hash) {
      // A checkpoint written by someone who cannot sign: nothing after the one before can be vouched for.
      const headSeq = head?.seq ?? 0;
      return {
        ok: false,
        checked: checkpoint.seq - 1,
        firstBrokenSeq: checkpoint.seq,
        problem: 'invalid-checkpoint',
        headSeq,
        checkpointsMatched: 0,
      };
    }
    // From the checkpoint's predecessor on, so that the checkpointed entry itself is checked against the signature.
    chain = new ChainVerifier([claims], { seq: checkpoint.seq - 1, hash: entry?.prevHash ?? '' });
    after = checkpoint.seq - 1;
  }
  for (;;) {
    const page = await deps.reader.chainAfter(after, TAIL_PAGE);
    if (!page.every((entry) => chain.next(entry))) break;
    if (page.length < TAIL_PAGE) break;
    after = page.at(-1)?.seq ?? after;
  }
  return chain.finish(head);
}
