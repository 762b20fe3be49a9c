import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver, postChange, readFeed, setStatus } from '../../support/lifecycle.ts';
import { created, drainQueue, type Json, minimalCase, minimalConsultation, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const REASON = 'Person ist in den Landkreis Osnabrück umgezogen';

describe('transfer to the other centre', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A Stadt Braunschweig case, delivered to the Braunschweig centre, with the queues emptied. */
  async function deliveredCase(): Promise<Json> {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await deliver(t, resource.id);
    await drainQueue(t, 'braunschweig');
    await drainQueue(t, 'osnabrueck');
    return resource;
  }

  const transfer = (clientId: string, id: string, body: unknown = { centre: 'osnabrueck', reason: REASON }) =>
    postChange(t, clientId, 'case', id, 'transfer', body);

  const setStatusResponse = (clientId: string, id: string) => postChange(t, clientId, 'case', id, 'status', { status: 'in_counselling' });

  it('queues the case at the other centre, which sees it and gets a transferred work item', async () => {
    const resource = await deliveredCase();
    const response = await transfer('centre-braunschweig', resource.id);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Json;
    expect(answer).toMatchObject({
      id: resource.id,
      status: 'queued',
      centre: 'osnabrueck',
      municipality: '03101',
      personalData: 'withheld',
    });
    expect(answer.person).toBeUndefined();

    const seen = await t.call('centre-osnabrueck', `/v1/cases/${resource.id}`);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({
      status: 'queued',
      centre: 'osnabrueck',
      person: { familyName: 'Beispiel' },
      centreNotes: [{ centre: 'braunschweig', status: 'queued', text: REASON, transferredTo: 'osnabrueck' }],
    });
    const work = await drainQueue(t, 'osnabrueck');
    expect(work.map((m) => [m.type, m.subject.id, m.centre])).toEqual([['case.transferred', resource.id, 'osnabrueck']]);
    expect(await drainQueue(t, 'braunschweig')).toEqual([]);
    const list = (await (await t.call('centre-osnabrueck', '/v1/cases?limit=100')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toContain(resource.id);
  });

  it('takes the case away from the old centre at once: read, list, status and transfer are 404', async () => {
    const resource = await deliveredCase();
    expect((await transfer('centre-braunschweig', resource.id)).status).toBe(200);
    expect((await t.call('centre-braunschweig', `/v1/cases/${resource.id}`)).status).toBe(404);
    expect((await setStatusResponse('centre-braunschweig', resource.id)).status).toBe(404);
    expect((await transfer('centre-braunschweig', resource.id)).status).toBe(404);
    const list = (await (await t.call('centre-braunschweig', '/v1/cases?limit=100')).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(resource.id);
  });

  it('lets the new centre take it from there: delivery by its ack, then its status reports', async () => {
    const resource = await deliveredCase();
    await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'in_counselling' });
    await transfer('centre-braunschweig', resource.id);
    expect((await setStatusResponse('centre-osnabrueck', resource.id)).status).toBe(409); // queued: not yet delivered
    await deliver(t, resource.id, 'transferred');
    expect((await setStatusResponse('centre-osnabrueck', resource.id)).status).toBe(200);
    const back = await transfer('centre-osnabrueck', resource.id, { centre: 'braunschweig', reason: 'Rückgabe' });
    expect(await back.json()).toMatchObject({ status: 'queued', centre: 'braunschweig' });
  });

  it('tells the municipality in its feed, with the new centre', async () => {
    const resource = await deliveredCase();
    await transfer('centre-braunschweig', resource.id);
    const events = (await readFeed(t, 'abh-03101')).events.filter((e) => e.subject.id === resource.id);
    expect(events.map((e) => [e.type, e.status, e.centre])).toEqual([
      ['case.status_changed', 'delivered', 'braunschweig'],
      ['case.transferred', 'queued', 'osnabrueck'],
    ]);
    expect(JSON.stringify(events)).not.toContain('umgezogen');
  });

  it('logs the transfer with both centres and without the reason', async () => {
    const resource = await deliveredCase();
    await transfer('centre-braunschweig', resource.id);
    const entries = (await scanTable(t, 'audit')).filter(
      (e) => (e.subject as { id?: string } | undefined)?.id === resource.id && e.action === 'cases.transfer',
    );
    expect(entries).toEqual([
      expect.objectContaining({
        outcome: 'success',
        actor: expect.objectContaining({ clientId: 'centre-braunschweig' }),
        details: { from: 'delivered', to: 'queued', fromCentre: 'braunschweig', toCentre: 'osnabrueck' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('umgezogen');
  });

  it('refuses a transfer to the assigned centre itself with 409 invalid-transition', async () => {
    const resource = await deliveredCase();
    const response = await transfer('centre-braunschweig', resource.id, { centre: 'braunschweig', reason: REASON });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: '/problems/invalid-transition' });
  });

  it('refuses a transfer before delivery and after a final status (409)', async () => {
    const queued = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect((await transfer('centre-braunschweig', queued.id)).status).toBe(409);
    const done = await deliveredCase();
    await setStatus(t, 'centre-braunschweig', 'case', done.id, { status: 'completed' });
    expect((await transfer('centre-braunschweig', done.id)).status).toBe(409);
  });

  it('refuses an unknown centre or a missing reason (422), a municipality (403) and the other centre (404)', async () => {
    const resource = await deliveredCase();
    expect((await transfer('centre-braunschweig', resource.id, { centre: 'hannover', reason: REASON })).status).toBe(422);
    expect((await transfer('centre-braunschweig', resource.id, { centre: 'osnabrueck' })).status).toBe(422);
    expect((await transfer('abh-03101', resource.id)).status).toBe(403);
    expect((await transfer('centre-osnabrueck', resource.id)).status).toBe(404);
    const read = (await (await t.call('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(read).toMatchObject({ status: 'delivered', centre: 'braunschweig' });
  });

  it('transfers consultation requests the same way', async () => {
    const resource = await created(t, 'abh-03404', '/v1/consultations', minimalConsultation());
    await deliver(t, resource.id);
    await drainQueue(t, 'braunschweig');
    const response = await postChange(t, 'centre-osnabrueck', 'consultation', resource.id, 'transfer', {
      centre: 'braunschweig',
      reason: 'Wunsch der Person',
    });
    expect(response.status).toBe(200);
    expect((await drainQueue(t, 'braunschweig')).map((m) => m.type)).toEqual(['consultation.transferred']);
    expect((await t.call('centre-osnabrueck', `/v1/consultations/${resource.id}`)).status).toBe(404);
    expect((await t.call('centre-braunschweig', `/v1/consultations/${resource.id}`)).status).toBe(200);
  });
});
