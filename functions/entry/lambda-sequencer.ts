import { createPowertoolsMetrics } from '../adapters/powertools-metrics.ts';
import { loadLambdaConfig } from './config.ts';
import { throwawayKeyRing } from './key-ring.ts';
import { createLambdaRuntime } from './lambda-app.ts';
import { type SequencerRunResult, sequencerRun } from './sequencer-run.ts';
import { sequencerOf } from './service-parts.ts';

// Module scope: configured once per cold start. Only this function signs checkpoints (kms:Sign); it seals
// and hashes nothing, so it has no access to the key ring.
const config = loadLambdaConfig(process.env);
const metrics = createPowertoolsMetrics(config.POWERTOOLS_SERVICE_NAME);
const runtime = createLambdaRuntime(config, process.env.LAMBDA_TASK_ROOT ?? process.cwd(), throwawayKeyRing(), {
  metrics,
  checkpoints: 'sign',
});
const sequencer = sequencerOf(runtime);

/**
 * The exchange log's sequencer, on a schedule (no reserved concurrency: a second instance does no harm,
 * the head moves only conditionally): chains, verifies the tail, signs a checkpoint (sequencer-run.ts).
 * The verification metric is written (EMF) when the run ends, whatever its outcome.
 */
export async function handler(): Promise<SequencerRunResult> {
  try {
    return await sequencerRun({ sequencer, metrics, logger: runtime.logger });
  } finally {
    metrics.flush();
  }
}
