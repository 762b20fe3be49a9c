import { composeServices } from './compose.ts';
import { loadLambdaConfig } from './config.ts';
import { throwawayKeyRing } from './key-ring.ts';
import { createLambdaRuntime } from './lambda-app.ts';

// Module scope: configured once per cold start. Only this function signs checkpoints (kms:Sign); it seals
// and hashes nothing, so it has no access to the key ring.
const config = loadLambdaConfig(process.env);
const runtime = createLambdaRuntime(config, process.env.LAMBDA_TASK_ROOT ?? process.cwd(), throwawayKeyRing(), { signCheckpoints: true });
const services = composeServices(runtime);

/**
 * The exchange log's sequencer, on a schedule with a reserved concurrency of 1: chains the entries that
 * business transactions and refusals wrote unsequenced, then signs a checkpoint of the head when one is
 * due. A second instance would do no harm (the head moves only conditionally), only wasted work.
 */
export async function handler(): Promise<{ sequenced: number; conflicts: number; checkpointSeq?: number }> {
  const total: { sequenced: number; conflicts: number; checkpointSeq?: number } = { sequenced: 0, conflicts: 0 };
  // Drain in passes while they make progress, staying well inside the function's timeout.
  for (let pass = 0; pass < 10; pass++) {
    const result = await services.sequencer.pass({ checkpoint: 'never' });
    total.sequenced += result.sequenced;
    total.conflicts += result.conflicts;
    if (result.sequenced === 0) break;
  }
  // What is chained stays chained: a failed signature (KMS unreachable) is reported and tried next run.
  const checkpointSeq = await services.sequencer.checkpoint().catch((error: Error) => {
    runtime.logger.error('exchange log checkpoint failed', { error: error.name });
    return undefined;
  });
  if (checkpointSeq !== undefined) total.checkpointSeq = checkpointSeq;
  if (total.sequenced > 0 || checkpointSeq !== undefined) runtime.logger.info('exchange log sequencer', total);
  return total;
}
