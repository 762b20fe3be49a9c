import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import { centrePrincipal, deliver, deliveryMessage, postChange, readFeed } from '../../support/lifecycle.ts';
import { created, drainQueue, type Json, minimalCase, minimalConsultation, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** Runs `before` ahead of the next `count` TransactWriteItems calls (or throws what it returns). */
function beforeTransactions(t: TestApp, count: number, before: () => Promise<Error | undefined>) {
  const state = { left: count, seen: 0 };
  t.runtime.clients.dynamo.middlewareStack.remove('injected');
  t.runtime.clients.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand') {
        state.seen++;
        if (state.left > 0) {
          state.left--;
          const error = await before();
          if (error) throw error;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'injected' },
  );
  return state;
}

const conflict = () =>
  new TransactionCanceledException({
    message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: {},
    CancellationReasons: [{ Code: 'TransactionConflict' }],
  });

describe('confirmDelivery: the ack of a submitted or transferred item delivers the request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => {
    t.runtime.clients.dynamo.middlewareStack.remove('injected');
  });

  const read = async (id: string, clientId = 'abh-03101') => (await (await t.call(clientId, `/v1/cases/${id}`)).json()) as Json;
  const confirm = (message: WorkMessage, centre = message.centre) =>
    t.services.lifecycle.confirmDelivery({ centre, message, requestId: crypto.randomUUID(), actor: centrePrincipal(centre) });
  const eventsOf = async (id: string) => (await readFeed(t, 'abh-03101')).events.filter((e) => e.subject.id === id);
  const versionOf = async (id: string) => (await t.services.store.get(id, new Date()))?.meta.version;

  it('delivers a queued case when its centre acks the item it leased from the queue', async () => {
    await drainQueue(t, 'braunschweig');
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [message] = (await drainQueue(t, 'braunschweig')).filter((m) => m.subject.id === resource.id);
    if (!message) throw new Error('no work item');
    const requestId = crypto.randomUUID();
    await t.services.lifecycle.confirmDelivery({ centre: 'braunschweig', message, requestId, actor: centrePrincipal('braunschweig') });

    expect(await read(resource.id)).toMatchObject({ status: 'delivered' });
    expect((await eventsOf(resource.id)).map((e) => [e.type, e.status])).toEqual([['case.status_changed', 'delivered']]);
    const items = await scanTable(t, 'data');
    expect(items.find((i) => i.pk === `REQ#${resource.id}` && i.sk === 'TRANSITION#0000000002')).toMatchObject({
      change: 'deliver',
      from: 'queued',
      to: 'delivered',
      workId: message.workId,
      requestId,
      actor: centrePrincipal('braunschweig'),
    });
    const log = (await scanTable(t, 'audit')).filter((e) => e.requestId === requestId);
    expect(log).toEqual([
      expect.objectContaining({
        action: 'cases.status',
        outcome: 'success',
        details: { from: 'queued', to: 'delivered', workId: message.workId },
      }),
    ]);
  });

  it('is idempotent: a second ack of the same item changes nothing and records no second event', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const message = await deliveryMessage(t, resource.id);
    await confirm(message);
    const version = await versionOf(resource.id);
    await confirm(message);
    expect(await versionOf(resource.id)).toBe(version);
    expect((await eventsOf(resource.id)).length).toBe(1);
  });

  it('leaves a request alone that moved on, or that the item does not deliver', async () => {
    const withdrawn = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const withdrawnMessage = await deliveryMessage(t, withdrawn.id);
    await postChange(t, 'abh-03101', 'case', withdrawn.id, 'withdraw', { reason: 'Ausgereist' });
    await confirm(withdrawnMessage);
    expect(await read(withdrawn.id)).toMatchObject({ status: 'withdrawn' });

    const queued = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const message = await deliveryMessage(t, queued.id);
    await confirm(message, 'osnabrueck'); // not its centre
    await confirm({ ...message, type: 'case.withdrawn' }); // not a delivering item
    await confirm({ ...message, workId: crypto.randomUUID() }); // not the item it waits for
    await confirm({ ...message, subject: { type: 'consultation', id: queued.id }, type: 'consultation.submitted' }); // not its kind
    await confirm({ ...message, subject: { type: 'case', id: crypto.randomUUID() } }); // no such request
    expect(await read(queued.id)).toMatchObject({ status: 'queued' });
    expect(await eventsOf(queued.id)).toEqual([]);
  });

  it('delivers a transferred request only with the transferred item, at the new centre', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const submitted = await deliveryMessage(t, resource.id);
    await confirm(submitted);
    await postChange(t, 'centre-braunschweig', 'case', resource.id, 'transfer', { centre: 'osnabrueck', reason: 'Umzug' });
    const transferred = await deliveryMessage(t, resource.id, 'transferred');
    expect(transferred.centre).toBe('osnabrueck');

    await confirm(submitted); // a late redelivery of the first item, at the old centre
    await confirm({ ...submitted, centre: 'osnabrueck' }, 'osnabrueck'); // or at the new one: not the item it waits for
    expect(await read(resource.id)).toMatchObject({ status: 'queued', centre: 'osnabrueck' });
    await confirm(transferred);
    expect(await read(resource.id, 'centre-osnabrueck')).toMatchObject({ status: 'delivered', centre: 'osnabrueck' });
  });

  it('delivers consultation requests the same way', async () => {
    const resource = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation({ preferredCentre: 'osnabrueck' }));
    await deliver(t, resource.id);
    expect(await (await t.call('centre-osnabrueck', `/v1/consultations/${resource.id}`)).json()).toMatchObject({ status: 'delivered' });
  });

  it('retries its own optimistic-lock conflict: another writer changed the request in between', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const message = await deliveryMessage(t, resource.id);
    const injected = beforeTransactions(t, 1, async () => {
      // Another writer raises the version between the read and the write.
      await t.runtime.clients.doc.send(
        new UpdateCommand({
          TableName: t.runtime.resources.tables.data.name,
          Key: { pk: `REQ#${resource.id}`, sk: 'META' },
          UpdateExpression: 'SET version = version + :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return undefined;
    });
    await confirm(message);
    expect(injected.seen).toBe(2);
    expect(await read(resource.id)).toMatchObject({ status: 'delivered' });
    expect(await versionOf(resource.id)).toBe(3);
    expect((await eventsOf(resource.id)).map((e) => e.status)).toEqual(['delivered']);
  });

  it('retries a transaction conflict (real DynamoDB under contention) and records the change once', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const message = await deliveryMessage(t, resource.id);
    const injected = beforeTransactions(t, 2, async () => conflict());
    await confirm(message);
    expect(injected.seen).toBe(3);
    expect(await read(resource.id)).toMatchObject({ status: 'delivered' });
    expect((await eventsOf(resource.id)).length).toBe(1);
  });

  it('answers a status report that stays contended with 409, never a 500, and changes nothing', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await deliver(t, resource.id);
    beforeTransactions(t, 1000, async () => conflict());
    const response = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'in_counselling' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: '/problems/conflict' });
    t.runtime.clients.dynamo.middlewareStack.remove('injected');
    expect(await read(resource.id)).toMatchObject({ status: 'delivered' });
  });
});
