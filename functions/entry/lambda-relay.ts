import { backgroundPass, composeServices } from './compose.ts';
import { createLambdaRuntime } from './lambda-app.ts';

const runtime = createLambdaRuntime(process.env, process.env.LAMBDA_TASK_ROOT ?? process.cwd());
const services = composeServices(runtime);

/**
 * The scheduled outbox relay: sends what a failed direct send left behind, oldest first per subject.
 * Runs with a reserved concurrency of 1, so two passes never race each other.
 */
export async function handler(): Promise<{ sent: number; failed: number; requeued: number }> {
  const total = { sent: 0, failed: 0, requeued: 0 };
  // Drain in passes while passes make progress, staying well inside the function's timeout.
  for (let pass = 0; pass < 10; pass++) {
    const result = await backgroundPass(services);
    total.sent += result.sent;
    total.failed += result.failed;
    total.requeued += result.requeued;
    if (result.sent === 0) break;
  }
  if (total.sent + total.failed + total.requeued > 0) runtime.logger.info('outbox relay', total);
  return total;
}
