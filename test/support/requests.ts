import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Centre } from '../../functions/core/centres.ts';
import type { WorkMessage } from '../../schemas/work-message.ts';
import { minimalCase as contractCase, minimalConsultation as contractConsultation, type Overrides } from './fixtures.ts';
import type { TestApp } from './runtime.ts';

/** The minimal case of CONTRACT.md with a fresh municipalReference, so that cases never collide. */
export function minimalCase(overrides: Overrides = {}) {
  return contractCase({ municipalReference: `ABH-2026-${crypto.randomUUID().slice(0, 8)}`, ...overrides });
}

export const minimalConsultation = contractConsultation;

export type Json = Record<string, unknown> & { id: string; status: string };

/** POSTs a body as a client with a fresh (or given) Idempotency-Key. */
export async function submit(
  t: TestApp,
  clientId: string,
  path: '/v1/cases' | '/v1/consultations',
  body: unknown,
  key: string = crypto.randomUUID(),
) {
  return t.call(clientId, path, { method: 'POST', body: JSON.stringify(body), headers: { 'Idempotency-Key': key } });
}

/** Submits and returns the created resource; fails the test on anything but 201. */
export async function created(t: TestApp, clientId: string, path: '/v1/cases' | '/v1/consultations', body: unknown): Promise<Json> {
  const response = await submit(t, clientId, path, body);
  if (response.status !== 201) throw new Error(`expected 201, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as Json;
}

/** Receives (and deletes) everything currently on a centre's queue, one group message at a time. */
export async function drainQueue(t: TestApp, centre: Centre, rounds = 10): Promise<(WorkMessage & { groupId?: string })[]> {
  const { sqs } = t.runtime.clients;
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: t.runtime.resources.queues[centre].name }));
  const messages: (WorkMessage & { groupId?: string })[] = [];
  for (let round = 0; round < rounds; round++) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['MessageGroupId'] }),
    );
    if (Messages.length === 0) break;
    for (const m of Messages) {
      messages.push({ ...(JSON.parse(m.Body ?? '{}') as WorkMessage), groupId: m.Attributes?.MessageGroupId });
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
  return messages;
}

/** Every item of a table (tests only: small tables). */
export async function scanTable(t: TestApp, table: 'data' | 'audit'): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await t.runtime.clients.doc.send(new ScanCommand({ TableName: t.runtime.resources.tables[table].name }));
  return Items;
}
