import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeApp, composeServices } from '../../../functions/entry/compose.ts';
import { injectSqsOutage, toQueueOf } from '../../support/faults.ts';
import { drainQueue, minimalCase, minimalConsultation } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { testClock } from '../../support/work.ts';

async function submitCase(t: TestApp, clientId: string, app = t.app) {
  const response = await app.request('/v1/cases', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await t.token(clientId)}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': crypto.randomUUID(),
    },
    body: JSON.stringify(minimalCase()),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

describe('the outbox relay with many writers and a failing centre', () => {
  let t: TestApp;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => {
    clock = testClock();
    t = await createTestApp({ clock: clock.now });
  });
  afterEach(() => t.close());

  it("delivers the healthy centre's work in one pass while the other centre's queue fails behind 110 older entries", async () => {
    const braunschweigDown = injectSqsOutage(t, toQueueOf(t, 'braunschweig'));
    for (let batch = 0; batch < 11; batch++) await Promise.all(Array.from({ length: 10 }, () => submitCase(t, 'abh-03101')));
    // The Osnabrück case is accepted while its direct send fails too, so it waits in the outbox behind them.
    const both = injectSqsOutage(t);
    const osnabrueck = await submitCase(t, 'abh-03404');
    both.down = false;
    const braunschweigOnly = injectSqsOutage(t, toQueueOf(t, 'braunschweig'));
    expect(braunschweigDown.down && braunschweigOnly.down).toBe(true);

    const pass = await t.services.dispatcher.relay();
    expect(pass.sent).toBe(1);
    expect((await drainQueue(t, 'osnabrueck')).map((m) => m.subject.id)).toEqual([osnabrueck.id]);
    expect(await drainQueue(t, 'braunschweig')).toEqual([]);

    braunschweigOnly.down = false;
    let sent = 0;
    for (let i = 0; i < 3 && sent < 110; i++) sent += (await t.services.dispatcher.relay()).sent;
    expect(sent).toBe(110);
  }, 120_000);

  it("pages past one subject whose sends fail and delivers the same centre's later work", async () => {
    const poisoned = injectSqsOutage(t);
    const stuck = await submitCase(t, 'abh-03101');
    const later: string[] = [];
    for (let i = 0; i < 30; i++) later.push((await submitCase(t, 'abh-03101')).id);
    poisoned.down = false;
    injectSqsOutage(t, (input) => input.MessageGroupId === stuck.id);
    await t.services.dispatcher.relay();
    const delivered = (await drainQueue(t, 'braunschweig', 40)).map((m) => m.subject.id);
    expect(new Set(delivered)).toEqual(new Set(later));
  });

  it('keeps the order of one case by its version when the submitting host’s clock runs 50 ms ahead of the withdrawing one', async () => {
    // Two hosts over the same tables: the one that takes the case runs 50 ms ahead.
    const aheadServices = composeServices({ ...t.runtime, clock: () => new Date(clock.now().getTime() + 50) });
    const ahead = composeApp(t.runtime, [], aheadServices);
    for (let round = 0; round < 5; round++) {
      const outage = injectSqsOutage(t);
      const submitted = await submitCase(t, 'abh-03101', ahead);
      const withdrawn = await t.call('abh-03101', `/v1/cases/${submitted.id}/withdraw`, {
        method: 'POST',
        body: JSON.stringify({ reason: 'Ausreise erfolgt' }),
      });
      expect(withdrawn.status).toBe(200);
      outage.down = false;
      await t.services.dispatcher.relay();
      expect((await drainQueue(t, 'braunschweig')).map((m) => m.type)).toEqual(['case.submitted', 'case.withdrawn']);
    }
  });

  it('shows the age of the oldest pending outbox entry per centre in the admin status', async () => {
    injectSqsOutage(t, toQueueOf(t, 'osnabrueck'));
    const pending = await t.call('abh-03404', '/v1/consultations', {
      method: 'POST',
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(minimalConsultation()),
    });
    expect(pending.status).toBe(201);
    clock.advance(90_000);
    const status = (await (await t.call('admin', '/v1/admin/status')).json()) as { centres: Record<string, Record<string, number>> };
    expect(status.centres.osnabrueck?.oldestPendingOutboxAgeSeconds).toBeGreaterThanOrEqual(90);
    expect(status.centres.braunschweig?.oldestPendingOutboxAgeSeconds).toBe(0);
  });
});
