import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureResources, ensureTable } from '../../functions/adapters/provision.ts';
import { createTestStores } from '../support/runtime.ts';

describe('local stores through the real AWS SDK', () => {
  let runtime: Awaited<ReturnType<typeof createTestStores>>;
  beforeAll(async () => {
    runtime = await createTestStores();
  });

  it('creates the tables with their indexes and TTL, and a second run changes nothing', async () => {
    await ensureResources(runtime.clients, runtime.resources);
    const { Table } = await runtime.clients.dynamo.send(new DescribeTableCommand({ TableName: runtime.resources.tables.data.name }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byAssignee',
      'byOwner',
      'pendingOutbox',
      'waitingWork',
    ]);
    const ttl = await runtime.clients.dynamo.send(new DescribeTimeToLiveCommand({ TableName: runtime.resources.tables.data.name }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
  });

  it('adds an index that a newer version defines to a table an older version made, keeping its data', async () => {
    const spec = { ...runtime.resources.tables.data, name: `${runtime.resources.tables.data.name}-upgrade` };
    const older = { ...spec, globalIndexes: spec.globalIndexes.filter((i) => i.name !== 'waitingWork') };
    await ensureTable(runtime.clients.dynamo, older);
    await runtime.clients.doc.send(new PutCommand({ TableName: spec.name, Item: { pk: 'KEEP#1', sk: 'META' } }));
    await ensureTable(runtime.clients.dynamo, spec);
    const { Table } = await runtime.clients.dynamo.send(new DescribeTableCommand({ TableName: spec.name }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toContain('waitingWork');
    const { Item } = await runtime.clients.doc.send(new GetCommand({ TableName: spec.name, Key: { pk: 'KEEP#1', sk: 'META' } }));
    expect(Item).toBeDefined();
  });

  it('stores and reads an item in DynamoDB Local', async () => {
    const TableName = runtime.resources.tables.data.name;
    await runtime.clients.doc.send(new PutCommand({ TableName, Item: { pk: 'PROBE#1', sk: 'META', value: 42 } }));
    const { Item } = await runtime.clients.doc.send(new GetCommand({ TableName, Key: { pk: 'PROBE#1', sk: 'META' } }));
    expect(Item).toEqual({ pk: 'PROBE#1', sk: 'META', value: 42 });
  });

  it('gives each centre a FIFO queue that redrives to a FIFO dead-letter queue', async () => {
    const spec = runtime.resources.queues.osnabrueck;
    const { QueueUrl } = await runtime.clients.sqs.send(new GetQueueUrlCommand({ QueueName: spec.name }));
    const { Attributes } = await runtime.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Attributes?.FifoQueue).toBe('true');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ maxReceiveCount: spec.maxReceiveCount });
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}').deadLetterTargetArn).toContain(spec.deadLetterName);
  });

  it('sends and receives a message through fauxqs, in group order', async () => {
    const { QueueUrl } = await runtime.clients.sqs.send(new GetQueueUrlCommand({ QueueName: runtime.resources.queues.braunschweig.name }));
    for (const n of [1, 2]) {
      await runtime.clients.sqs.send(
        new SendMessageCommand({ QueueUrl, MessageBody: `m${n}`, MessageGroupId: 'case-1', MessageDeduplicationId: `e${n}` }),
      );
    }
    // fauxqs hands out one message of a group per receive (AWS may hand out several): collect until done.
    const bodies: (string | undefined)[] = [];
    for (let attempt = 0; attempt < 5 && bodies.length < 2; attempt++) {
      const { Messages = [] } = await runtime.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of Messages) {
        bodies.push(m.Body);
        await runtime.clients.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    expect(bodies).toEqual(['m1', 'm2']);
  });
});
