import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSpec, ResourceNames, TableSpec } from './resources.ts';

/** The names of the table's global indexes, or `undefined` when the table does not exist. */
async function existingIndexes(client: DynamoDBClient, name: string): Promise<string[] | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '');
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Adds the indexes a newer version of the spec has to a table made by an older one, so that a local
 * stack keeps its data across an upgrade (DynamoDB allows one index creation per UpdateTable call).
 */
async function addMissingIndexes(client: DynamoDBClient, spec: TableSpec, existing: string[]): Promise<void> {
  for (const index of spec.globalIndexes.filter((i) => !existing.includes(i.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: spec.name,
        AttributeDefinitions: [
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    );
  }
}

/** Creates a table of the spec unless it exists (local stack and tests only; AWS gets it from CDK). */
export async function ensureTable(client: DynamoDBClient, spec: TableSpec): Promise<void> {
  const existing = await existingIndexes(client, spec.name);
  if (existing) return addMissingIndexes(client, spec, existing);
  const keyNames = new Set([spec.partitionKey, spec.sortKey, ...spec.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: spec.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      ...(spec.globalIndexes.length > 0
        ? {
            GlobalSecondaryIndexes: spec.globalIndexes.map((index) => ({
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' },
                { AttributeName: index.sortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            })),
          }
        : {}),
    }),
  );
  if (spec.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: spec.name, TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } }),
    );
  }
}

/** Creates a centre's FIFO queue and its dead-letter queue; CreateQueue is idempotent for equal attributes. */
export async function ensureQueue(client: SQSClient, spec: QueueSpec): Promise<{ queueUrl: string; deadLetterUrl: string }> {
  const fifo = { FifoQueue: 'true', ContentBasedDeduplication: 'false' };
  const dlq = await client.send(
    new CreateQueueCommand({
      QueueName: spec.deadLetterName,
      Attributes: { ...fifo, MessageRetentionPeriod: String(spec.retentionSeconds) },
    }),
  );
  const dlqUrl = dlq.QueueUrl as string;
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const main = await client.send(
    new CreateQueueCommand({
      QueueName: spec.name,
      Attributes: {
        ...fifo,
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.retentionSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: spec.maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: main.QueueUrl as string, deadLetterUrl: dlqUrl };
}

/** Creates every table and queue of a resource set, idempotently. */
export async function ensureResources(clients: { dynamo: DynamoDBClient; sqs: SQSClient }, resources: ResourceNames): Promise<void> {
  await Promise.all(Object.values(resources.tables).map((spec) => ensureTable(clients.dynamo, spec)));
  await Promise.all(Object.values(resources.queues).map((spec) => ensureQueue(clients.sqs, spec)));
}
