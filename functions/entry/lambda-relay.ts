import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBStreamEvent, ScheduledEvent } from 'aws-lambda';
import { createPowertoolsMetrics } from '../adapters/powertools-metrics.ts';
import { backgroundPass } from './background-pass.ts';
import { loadLambdaConfig } from './config.ts';
import { throwawayKeyRing } from './key-ring.ts';
import { createLambdaRuntime } from './lambda-app.ts';
import { reportCentreGauges } from './metered.ts';
import { exchangeLogOf, outboxOf, workOperationsOf, workQueuesOf } from './service-parts.ts';
import { committedOutboxEntries, relayCommitted } from './stream-relay.ts';

const config = loadLambdaConfig(process.env);
const metrics = createPowertoolsMetrics(config.POWERTOOLS_SERVICE_NAME);
// The relay seals, hashes and signs nothing: it has no access to the key ring.
const runtime = createLambdaRuntime(config, process.env.LAMBDA_TASK_ROOT ?? process.cwd(), throwawayKeyRing(), { metrics });
const exchangeLog = exchangeLogOf(runtime);
const outbox = outboxOf(runtime, exchangeLog);
const services = {
  dispatcher: outbox.dispatcher,
  operations: workOperationsOf(runtime, { exchangeLog, outbox, queues: workQueuesOf(runtime, outbox) }),
};

export interface RelayOutcome {
  sent: number;
  failed: number;
  requeued: number;
}

/**
 * The outbox relay, on two triggers. The table's stream reports each committed outbox entry within about
 * a second; after a short grace for the direct send, the relay sends what is still pending of those
 * subjects, so a failed direct send reaches its centre within seconds. The schedule (every minute) is
 * the safety net: a full pass over every centre's pending entries, the reconciliation, and the gauges
 * of the alarms; it too leaves entries younger than the grace to their direct send. Passes may overlap:
 * each send is followed by a conditional removal of its entry, and a duplicate send is absorbed by FIFO
 * deduplication, the lease ledger and the centres' workId checks.
 */
export async function handler(event: DynamoDBStreamEvent | ScheduledEvent): Promise<RelayOutcome> {
  try {
    if ('Records' in event) {
      const entries = committedOutboxEntries(event.Records);
      const result = await relayCommitted(services.dispatcher, entries, {
        graceMs: config.RELAY_STREAM_GRACE_MS,
        now: () => Date.now(),
        sleep: (ms) => sleep(ms),
      });
      if (result.sent + result.failed > 0) runtime.logger.info('outbox relay (stream)', { ...result });
      return { ...result, requeued: 0 };
    }
    return await scheduledPass();
  } finally {
    metrics.flush();
  }
}

async function scheduledPass(): Promise<RelayOutcome> {
  const total = { sent: 0, failed: 0, requeued: 0 };
  // Drain in passes while passes make progress, staying well inside the function's timeout.
  for (let pass = 0; pass < 10; pass++) {
    // The same grace as on the stream: an entry committed just now is still being sent directly.
    const result = await backgroundPass(services, { relayMinAgeMs: config.RELAY_STREAM_GRACE_MS });
    total.sent += result.sent;
    total.failed += result.failed;
    total.requeued += result.requeued;
    if (result.sent === 0) break;
  }
  if (total.sent + total.failed + total.requeued > 0) runtime.logger.info('outbox relay', total);
  reportCentreGauges(await services.operations.status(), metrics);
  return total;
}
