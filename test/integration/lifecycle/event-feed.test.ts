import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../../schemas/lifecycle.ts';
import { deliver, feedPage, postChange, readFeed, setStatus } from '../../support/lifecycle.ts';
import { created, type Json, minimalCase, minimalConsultation } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('event feed: GET /v1/events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A case of the municipality, delivered to its centre (one event). */
  async function deliveredCase(clientId: string): Promise<Json> {
    const resource = await created(t, clientId, '/v1/cases', minimalCase());
    await deliver(t, resource.id);
    return resource;
  }

  it('lists status changes, transfers and withdrawals of the municipality in the order of its sequence', async () => {
    // Landkreis Osnabrück (03459): its feed is empty before this test.
    const one = await deliveredCase('abh-03459');
    await setStatus(t, 'centre-osnabrueck', 'case', one.id, { status: 'appointment_scheduled', appointmentAt: '2026-12-03T09:30:00Z' });
    await postChange(t, 'centre-osnabrueck', 'case', one.id, 'transfer', { centre: 'braunschweig', reason: 'Umzug' });
    await postChange(t, 'abh-03459', 'case', one.id, 'withdraw', { reason: 'Ausgereist' });
    const two = await created(t, 'abh-03459', '/v1/consultations', minimalConsultation());
    await postChange(t, 'abh-03459', 'consultation', two.id, 'withdraw', { reason: 'Kein Bedarf mehr' });

    const { events } = await readFeed(t, 'abh-03459');
    expect(events.map((e) => [e.sequence, e.type, e.subject.type, e.subject.id, e.status, e.centre])).toEqual([
      [1, 'case.status_changed', 'case', one.id, 'delivered', 'osnabrueck'],
      [2, 'case.status_changed', 'case', one.id, 'appointment_scheduled', 'osnabrueck'],
      [3, 'case.transferred', 'case', one.id, 'queued', 'braunschweig'],
      [4, 'case.withdrawn', 'case', one.id, 'withdrawn', 'braunschweig'],
      [5, 'consultation.withdrawn', 'consultation', two.id, 'withdrawn', 'osnabrueck'],
    ]);
    expect(events[1]?.appointmentAt).toBe('2026-12-03T09:30:00.000Z');
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events) expect(new Date(event.at).toISOString()).toBe(event.at);
    expect(JSON.stringify(events)).not.toMatch(/Beispiel|Umzug|Ausgereist/);
  });

  it('shows a change in the very next read after it was answered (the contract allows 5 s)', async () => {
    const resource = await deliveredCase('abh-03101');
    const { cursor } = await readFeed(t, 'abh-03101');
    await setStatus(t, 'centre-braunschweig', 'case', resource.id, { status: 'in_counselling' });
    const page = await feedPage(t, 'abh-03101', cursor ? { cursor } : {});
    expect(page.items.map((e) => [e.subject.id, e.status])).toEqual([[resource.id, 'in_counselling']]);
  });

  it('pages by cursor, ends a page run with null, and resumes from the last cursor when more happened', async () => {
    // Stadt Oldenburg (03403): its own, fresh feed.
    const cases = [await deliveredCase('abh-03403'), await deliveredCase('abh-03403'), await deliveredCase('abh-03403')];
    for (const c of cases) await setStatus(t, 'centre-osnabrueck', 'case', c.id, { status: 'in_counselling' });
    const first = await feedPage(t, 'abh-03403', { limit: 4 });
    expect(first.items.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await feedPage(t, 'abh-03403', { limit: 4, cursor: String(first.nextCursor) });
    expect(second.items.map((e) => e.sequence)).toEqual([5, 6]);
    const end = await feedPage(t, 'abh-03403', { limit: 4, cursor: String(second.nextCursor) });
    expect(end).toEqual({ items: [], nextCursor: null });

    const [firstCase] = cases;
    if (!firstCase) throw new Error('no case');
    await setStatus(t, 'centre-osnabrueck', 'case', firstCase.id, { status: 'completed' });
    const resumed = await feedPage(t, 'abh-03403', { cursor: String(second.nextCursor) });
    expect(resumed.items.map((e) => [e.sequence, e.subject.id, e.status])).toEqual([[7, firstCase.id, 'completed']]);
  });

  it('shows a municipality only its own requests’ events', async () => {
    const theirs = await deliveredCase('abh-03404');
    const mine = await deliveredCase('abh-03241');
    const seen = (await readFeed(t, 'abh-03241')).events.map((e) => e.subject.id);
    expect(seen).toContain(mine.id);
    expect(seen).not.toContain(theirs.id);
  });

  it('refuses another client’s cursor, a forged cursor and a limit outside 1-100', async () => {
    await deliveredCase('abh-03101');
    const { nextCursor } = await feedPage(t, 'abh-03101', { limit: 1 });
    const stolen = await t.call('abh-03404', `/v1/events?cursor=${nextCursor}`);
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ type: '/problems/invalid-cursor' });
    const listCursor = ((await (await t.call('abh-03101', '/v1/cases?limit=1')).json()) as { nextCursor: string }).nextCursor;
    expect((await t.call('abh-03101', `/v1/events?cursor=${listCursor}`)).status).toBe(400);
    expect((await t.call('abh-03101', '/v1/events?cursor=not-a-cursor')).status).toBe(400);
    expect((await t.call('abh-03101', '/v1/events?limit=0')).status).toBe(422);
    expect((await t.call('abh-03101', '/v1/events?limit=101')).status).toBe(422);
  });

  it('refuses centres and administrators (403): the feed is the municipalities’', async () => {
    for (const client of ['centre-braunschweig', 'admin']) expect((await t.call(client, '/v1/events')).status).toBe(403);
  });

  it('never skips or reorders an event while changes of one municipality commit concurrently', async () => {
    // Region Hannover (03241): 8 cases, each moved through three statuses, all cases at once, while a
    // reader follows the feed by cursor. Random delays before each transaction scramble the commit order.
    const statuses = ['in_counselling', 'appointment_scheduled', 'completed'] as const;
    const before = (await readFeed(t, 'abh-03241')).events.length;
    const cases = await Promise.all(Array.from({ length: 8 }, () => deliveredCase('abh-03241')));
    const total = before + cases.length * (1 + statuses.length);
    t.runtime.clients.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') await sleep(Math.random() * 30);
        return next(args);
      },
      { step: 'initialize', name: 'scrambleCommits' },
    );

    const followed: FeedEvent[] = [];
    const reader = (async () => {
      let cursor: string | undefined;
      const deadline = Date.now() + 15_000;
      while (followed.length < total && Date.now() < deadline) {
        const page = await feedPage(t, 'abh-03241', { limit: 5, ...(cursor ? { cursor } : {}) });
        followed.push(...page.items);
        if (page.nextCursor) cursor = page.nextCursor;
        else await sleep(5);
      }
    })();
    try {
      await Promise.all(
        cases.map(async (c) => {
          for (const status of statuses) {
            const body = status === 'appointment_scheduled' ? { status, appointmentAt: '2026-12-03T09:30:00Z' } : { status };
            await setStatus(t, 'centre-braunschweig', 'case', c.id, body);
          }
        }),
      );
    } finally {
      await reader;
      t.runtime.clients.dynamo.middlewareStack.remove('scrambleCommits');
    }

    const { events } = await readFeed(t, 'abh-03241');
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(followed.map((e) => e.id)).toEqual(events.map((e) => e.id));
    for (const c of cases) {
      const ofCase = events.filter((e) => e.subject.id === c.id).map((e) => e.status);
      expect(ofCase).toEqual(['delivered', ...statuses]);
    }
  });
});
