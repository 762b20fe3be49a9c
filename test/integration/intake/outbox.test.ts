import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectSqsOutage } from '../../support/faults.ts';
import { created, drainQueue, minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('outbox: nothing accepted is lost', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const pendingOutbox = async () => (await scanTable(t, 'data')).filter((i) => String(i.sk).startsWith('OUTBOX#'));

  it('removes the outbox entry once the direct send succeeded', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect((await pendingOutbox()).filter((i) => i.pk === `REQ#${resource.id}`)).toEqual([]);
    expect((await drainQueue(t, 'braunschweig')).map((m) => m.subject.id)).toContain(resource.id);
  });

  it('answers 201 when SQS is down, keeps the entry, and the relay delivers it once SQS is back', async () => {
    await drainQueue(t, 'braunschweig');
    const outage = injectSqsOutage(t);
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect(resource.status).toBe('queued');
    expect((await pendingOutbox()).map((i) => i.pk)).toContain(`REQ#${resource.id}`);
    expect(await drainQueue(t, 'braunschweig')).toEqual([]);

    // Still down: a relay pass fails, and the entry stays.
    expect(await t.services.dispatcher.relay()).toEqual({ sent: 0, failed: 1 });
    expect((await pendingOutbox()).map((i) => i.pk)).toContain(`REQ#${resource.id}`);

    outage.down = false;
    expect(await t.services.dispatcher.relay()).toEqual({ sent: 1, failed: 0 });
    const delivered = await drainQueue(t, 'braunschweig');
    expect(delivered.map((m) => [m.type, m.subject.id])).toEqual([['case.submitted', resource.id]]);
    expect(await pendingOutbox()).toEqual([]);
  });

  it('leaves an entry younger than the minimum age to its direct send, and relays it once it is older', async () => {
    await drainQueue(t, 'braunschweig');
    const outage = injectSqsOutage(t);
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    outage.down = false;
    // Committed a moment ago: a pass with a minute's minimum age does not touch it.
    expect(await t.services.dispatcher.relay(undefined, { minAgeMs: 60_000 })).toEqual({ sent: 0, failed: 0 });
    expect((await pendingOutbox()).map((i) => i.pk)).toContain(`REQ#${resource.id}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await t.services.dispatcher.relay(undefined, { minAgeMs: 10 })).toEqual({ sent: 1, failed: 0 });
    expect((await drainQueue(t, 'braunschweig')).map((m) => m.subject.id)).toEqual([resource.id]);
  });

  it('keeps the order of one case: a later item is not sent directly past an earlier pending one', async () => {
    await drainQueue(t, 'braunschweig');
    const outage = injectSqsOutage(t);
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    outage.down = false;
    // SQS is back, but the submission is still pending: the withdrawal must wait behind it.
    const withdrawn = await t.call('abh-03101', `/v1/cases/${resource.id}/withdraw`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Aufenthaltserlaubnis erteilt' }),
    });
    expect(withdrawn.status).toBe(200);
    expect(await drainQueue(t, 'braunschweig')).toEqual([]);
    await t.services.dispatcher.relay();
    const delivered = await drainQueue(t, 'braunschweig');
    expect(delivered.map((m) => m.type)).toEqual(['case.submitted', 'case.withdrawn']);
    expect(new Set(delivered.map((m) => m.groupId))).toEqual(new Set([resource.id]));
  });
});
