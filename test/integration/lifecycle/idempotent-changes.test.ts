import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, postChange, readFeed } from '../../support/lifecycle.ts';
import { created, drainQueue, type Json, minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('Idempotency-Key on withdraw, status and transfer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const newCase = () => created(t, 'abh-03101', '/v1/cases', minimalCase());
  async function deliveredCase(): Promise<Json> {
    const resource = await newCase();
    await deliver(t, resource.id);
    return resource;
  }
  const eventsOf = async (id: string) => (await readFeed(t, 'abh-03101')).events.filter((e) => e.subject.id === id);
  const replayedEntries = async (id: string) =>
    (await scanTable(t, 'audit')).filter((e) => (e.subject as { id?: string } | undefined)?.id === id && e.outcome === 'replayed');

  it('answers a retried withdrawal 200 with the resource, where without a key the retry is a 409', async () => {
    const resource = await newCase();
    const key = crypto.randomUUID();
    const body = { reason: 'Aufenthaltserlaubnis erteilt' };
    const first = await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', body, key);
    expect(first.status).toBe(200);
    const retry = await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', body, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ id: resource.id, status: 'withdrawn', person: { familyName: 'Beispiel' } });
    expect((await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', body)).status).toBe(409);
    // The change happened once: one event, one work item for the centre, and the retry is logged as a replay.
    expect((await eventsOf(resource.id)).map((e) => e.type)).toEqual(['case.withdrawn']);
    const work = (await drainQueue(t, 'braunschweig')).filter((m) => m.subject.id === resource.id);
    expect(work.map((m) => m.type)).toEqual(['case.submitted', 'case.withdrawn']);
    expect(await replayedEntries(resource.id)).toEqual([
      expect.objectContaining({ action: 'cases.withdraw', payloadSha256: expect.any(String) }),
    ]);
  });

  it('answers a retried status report 200 with the resource, also after the case moved on', async () => {
    const resource = await deliveredCase();
    const key = crypto.randomUUID();
    const body = { status: 'in_counselling', note: 'Erstgespräch geführt' };
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', body, key)).status).toBe(200);
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'completed' })).status).toBe(200);
    const retry = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', body, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ id: resource.id, status: 'completed' });
    expect((await eventsOf(resource.id)).map((e) => e.status)).toEqual(['delivered', 'in_counselling', 'completed']);
  });

  it('answers a retried transfer with 404 to the old centre, which no longer sees the case (the 404 says the transfer took effect)', async () => {
    const resource = await deliveredCase();
    const key = crypto.randomUUID();
    const body = { centre: 'osnabrueck', reason: 'Umzug' };
    const first = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'transfer', body, key);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as Json;
    expect(answer).toMatchObject({ id: resource.id, status: 'queued', centre: 'osnabrueck', personalData: 'withheld' });
    expect(answer.person).toBeUndefined();
    expect(answer.centreNotes).toBeUndefined();
    // Later changes by others (here a withdrawal) never reach the old centre through a replay.
    expect((await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: 'Frau Beispiel ist ausgereist' })).status).toBe(
      200,
    );
    const retry = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'transfer', body, key);
    expect(retry.status).toBe(404);
    expect(await retry.text()).not.toContain('Beispiel');
    expect((await t.call('centre-braunschweig', `/v1/cases/${resource.id}`)).status).toBe(404);
    expect((await eventsOf(resource.id)).map((e) => e.type)).toEqual(['case.status_changed', 'case.transferred', 'case.withdrawn']);
    expect((await drainQueue(t, 'osnabrueck')).filter((m) => m.subject.id === resource.id).map((m) => m.type)).toEqual([
      'case.transferred',
      'case.withdrawn',
    ]);
  });

  it.each([
    { action: 'withdraw', client: 'abh-03101', body: { reason: 'Ausgereist' }, other: { reason: 'Verzogen' } },
    { action: 'status', client: 'centre-braunschweig', body: { status: 'in_counselling' }, other: { status: 'completed' } },
    {
      action: 'transfer',
      client: 'centre-braunschweig',
      body: { centre: 'osnabrueck', reason: 'Umzug' },
      other: { centre: 'osnabrueck', reason: 'Wunsch der Person' },
    },
  ] as const)('refuses the same key with a different $action body (422) and changes nothing', async ({ action, client, body, other }) => {
    const resource = await deliveredCase();
    const key = crypto.randomUUID();
    expect((await postChange(t, client, 'case', resource.id, action, body, key)).status).toBe(200);
    const reused = await postChange(t, client, 'case', resource.id, action, other, key);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ type: '/problems/idempotency-key-reused' });
    expect((await eventsOf(resource.id)).length).toBe(2); // the delivery and the first change only
  });

  it('refuses the same key for the same change of another request (422)', async () => {
    const [one, two] = [await deliveredCase(), await deliveredCase()];
    const key = crypto.randomUUID();
    expect((await postChange(t, 'centre-braunschweig', 'case', one.id, 'status', { status: 'in_counselling' }, key)).status).toBe(200);
    const other = await postChange(t, 'centre-braunschweig', 'case', two.id, 'status', { status: 'in_counselling' }, key);
    expect(other.status).toBe(422);
    expect(((await (await t.call('abh-03101', `/v1/cases/${two.id}`)).json()) as Json).status).toBe('delivered');
  });

  it('does not use up a key on a refused change: the same key works once the change is allowed', async () => {
    const resource = await newCase();
    const key = crypto.randomUUID();
    const body = { status: 'in_counselling' };
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', body, key)).status).toBe(409); // still queued
    await deliver(t, resource.id);
    expect((await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', body, key)).status).toBe(200);
  });

  it('answers 200 once when DynamoDB committed a change but its answer was lost and the SDK retried it', async () => {
    const resource = await newCase();
    const state = { lost: 1, transactions: 0 };
    t.runtime.clients.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        // The change's own transaction (the one that writes the skeleton); a send's log write is another.
        const writesMeta = JSON.stringify((args as { input?: unknown }).input ?? {}).includes('"META"');
        if (context.commandName === 'TransactWriteItemsCommand' && writesMeta) {
          state.transactions++;
          if (state.lost-- > 0) throw Object.assign(new Error('answer lost'), { name: 'TimeoutError', $metadata: {} });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseAnswer' },
    );
    try {
      const response = await postChange(t, 'abh-03101', 'case', resource.id, 'withdraw', { reason: 'Ausgereist' });
      expect(response.status).toBe(200);
    } finally {
      t.runtime.clients.dynamo.middlewareStack.remove('loseAnswer');
    }
    // The SDK sent the same transaction twice, with the same ClientRequestToken: DynamoDB applied it once.
    expect(state.transactions).toBe(2);
    expect((await eventsOf(resource.id)).map((e) => e.type)).toEqual(['case.withdrawn']);
  });

  it('refuses a malformed key with 400 before looking at the body', async () => {
    const resource = await deliveredCase();
    const response = await postChange(t, 'centre-braunschweig', 'case', resource.id, 'status', { status: 'nonsense' }, 'k'.repeat(256));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: '/problems/idempotency-key-missing' });
  });

  it('keeps the key space per client: another client may use the same key for its own change', async () => {
    const key = crypto.randomUUID();
    const mine = await deliveredCase();
    expect((await postChange(t, 'centre-braunschweig', 'case', mine.id, 'status', { status: 'in_counselling' }, key)).status).toBe(200);
    const theirs = await created(t, 'abh-03404', '/v1/cases', minimalCase());
    await deliver(t, theirs.id);
    expect((await postChange(t, 'centre-osnabrueck', 'case', theirs.id, 'status', { status: 'in_counselling' }, key)).status).toBe(200);
  });
});
