import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { HealthProbe } from '../core/ports/health.ts';
import type { ResourceNames } from './resources.ts';

const PROBE_TIMEOUT_MS = 2000;

async function answers(call: (signal: AbortSignal) => Promise<unknown>): Promise<boolean> {
  try {
    await call(AbortSignal.timeout(PROBE_TIMEOUT_MS));
    return true;
  } catch {
    return false;
  }
}

/** Checks that both stores answer, by asking each for one resource of ours. */
export function storeHealthProbe(clients: { dynamo: DynamoDBClient; sqs: SQSClient }, resources: ResourceNames): HealthProbe {
  const table = resources.tables.data.name;
  const queue = resources.queues.braunschweig.name;
  return async () => {
    const [dynamodb, sqs] = await Promise.all([
      answers((abortSignal) => clients.dynamo.send(new DescribeTableCommand({ TableName: table }), { abortSignal })),
      answers((abortSignal) => clients.sqs.send(new GetQueueUrlCommand({ QueueName: queue }), { abortSignal })),
    ]);
    return { dynamodb, sqs };
  };
}
