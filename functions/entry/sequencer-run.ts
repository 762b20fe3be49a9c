import type { VerifyResult } from '../core/audit/chain-verifier.ts';
import type { Sequencer } from '../core/audit/sequencer.ts';
import type { Logger } from '../core/ports/logger.ts';
import { type Metrics, metricNames } from '../core/ports/metrics.ts';

export interface SequencerRunResult {
  sequenced: number;
  conflicts: number;
  /** The tail check's result; absent when it could not run (a store or KMS unreachable). */
  verification?: Pick<VerifyResult, 'ok' | 'firstBrokenSeq' | 'problem' | 'headSeq'>;
  checkpointSeq?: number;
}

/**
 * One run of the exchange-log sequencer (its Lambda function, every minute): chain what is pending,
 * verify the tail from the latest signed checkpoint to the new head, and sign a checkpoint only when
 * the tail verifies, so a tampered entry is never vouched for. A failed verification is counted in
 * `ExchangeLogVerificationFailures` (the alarm's metric; 0 for a run that verified) and logged with the
 * first broken seq; what is chained stays chained, whatever fails after it.
 */
export async function sequencerRun(deps: { sequencer: Sequencer; metrics: Metrics; logger: Logger }): Promise<SequencerRunResult> {
  const { sequencer, metrics, logger } = deps;
  const total: SequencerRunResult = { sequenced: 0, conflicts: 0 };
  // Drain in passes while they make progress, staying well inside the function's timeout.
  for (let pass = 0; pass < 10; pass++) {
    const result = await sequencer.pass({ checkpoint: 'never' });
    total.sequenced += result.sequenced;
    total.conflicts += result.conflicts;
    if (result.sequenced === 0) break;
  }
  const verification = await sequencer.verifyTail().catch((error: Error) => {
    // Not a verdict on the log: the check could not run. No checkpoint either; the next run tries again.
    logger.error('exchange log verification could not run', { error: error.name });
    return undefined;
  });
  if (verification) {
    total.verification = {
      ok: verification.ok,
      firstBrokenSeq: verification.firstBrokenSeq,
      problem: verification.problem,
      headSeq: verification.headSeq,
    };
    metrics.count(metricNames.exchangeLogVerificationFailures, verification.ok ? 0 : 1);
    if (!verification.ok) logger.error('exchange log verification failed', { ...total.verification });
  }
  if (verification?.ok) {
    const checkpointSeq = await sequencer.checkpoint().catch((error: Error) => {
      logger.error('exchange log checkpoint failed', { error: error.name });
      return undefined;
    });
    if (checkpointSeq !== undefined) total.checkpointSeq = checkpointSeq;
  }
  if (total.sequenced > 0 || total.checkpointSeq !== undefined) logger.info('exchange log sequencer', { ...total });
  return total;
}
