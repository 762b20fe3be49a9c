import { composeServices } from './compose.ts';
import { createLambdaRuntime } from './lambda-app.ts';

const runtime = createLambdaRuntime(process.env, process.env.LAMBDA_TASK_ROOT ?? process.cwd());
const { dispatcher } = composeServices(runtime);

/**
 * The scheduled outbox relay: sends what a failed direct send left behind, oldest first per subject.
 * Runs with a reserved concurrency of 1, so two passes never race each other.
 */
export async function handler(): Promise<{ sent: number; failed: number }> {
  const total = { sent: 0, failed: 0 };
  // Drain in passes of 100 while passes make progress, staying well inside the function's timeout.
  for (let pass = 0; pass < 20; pass++) {
    const result = await dispatcher.relay(100);
    total.sent += result.sent;
    total.failed += result.failed;
    if (result.sent === 0) break;
  }
  if (total.sent + total.failed > 0) runtime.logger.info('outbox relay', total);
  return total;
}
