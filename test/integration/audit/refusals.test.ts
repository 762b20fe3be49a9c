import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, sequence } from '../../support/audit.ts';
import { created, minimalCase, minimalConsultation, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('refused calls in the exchange log', () => {
  let t: TestApp;
  // A clock the test moves: refusals are counted per window of one minute.
  let now = new Date('2026-11-20T10:00:10.000Z');
  beforeAll(async () => {
    t = await createTestApp({ clock: () => now });
  });
  afterAll(() => t.close());

  const refusalsOf = async (filter: (e: Record<string, unknown>) => boolean) =>
    (await auditEntries(t, { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' }))
      .filter((e) => e.outcome === 'denied')
      .filter(filter as never);

  it('writes two entries for a flood of 1,000 garbage-token requests from one source, and counts every one', async () => {
    const requestIds: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const requestId = `flood-${i}`;
      requestIds.push(requestId);
      const response = await t.app.request('/v1/cases', {
        headers: { Authorization: `Bearer garbage.${i}.token`, 'X-Request-Id': requestId },
      });
      expect(response.status).toBe(401);
    }
    // Nothing of the flood sits in the inbox partitions that intake transactions write to, but its first call.
    const inbox = (await scanTable(t, 'audit')).filter(
      (i) => String(i.pk).startsWith('INBOX#') && String(i.requestId).startsWith('flood-'),
    );
    expect(inbox).toHaveLength(1);

    now = new Date('2026-11-20T10:02:00.000Z'); // the window has closed
    await sequence(t);
    const flood = await refusalsOf((e) => String(e.requestId).startsWith('flood-'));
    expect(flood).toHaveLength(2);
    const [aggregate, first] = flood; // newest first
    expect(first).toMatchObject({ requestId: 'flood-0', action: 'cases.list', reason: 'invalid_token', outcome: 'denied' });
    expect(first?.count).toBeUndefined();
    expect(aggregate).toMatchObject({
      requestId: 'flood-1',
      count: 999,
      action: 'cases.list',
      reason: 'invalid_token',
      details: expect.objectContaining({ lastRequestId: 'flood-999', source: first?.details?.source }),
    });
    expect(aggregate?.actor).toBeUndefined();
  }, 120_000);

  it('keeps the first refusal of a registered client per subject as an entry of its own, with its actor', async () => {
    now = new Date('2026-11-20T11:00:05.000Z');
    for (const requestId of ['admin-probe-1', 'admin-probe-2', 'admin-probe-3']) {
      const response = await t.call('admin', '/v1/cases/some-case', { headers: { 'X-Request-Id': requestId } });
      expect(response.status).toBe(403);
    }
    now = new Date('2026-11-20T11:01:30.000Z');
    await sequence(t);
    const probes = await refusalsOf((e) => String(e.requestId).startsWith('admin-probe-'));
    expect(probes.map((e) => [e.requestId, e.count ?? 1])).toEqual([
      ['admin-probe-2', 2],
      ['admin-probe-1', 1],
    ]);
    for (const entry of probes) {
      expect(entry).toMatchObject({
        actor: { clientId: 'admin', role: 'admin' },
        reason: 'role_not_allowed',
        subject: { type: 'case', id: 'some-case' },
      });
    }
  });

  it("logs a consultation naming another municipality's case as denied, as a direct read is", async () => {
    now = new Date('2026-11-20T12:00:00.000Z');
    const foreignCase = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const response = await submit(t, 'abh-03404', '/v1/consultations', minimalConsultation({ caseId: foreignCase.id }));
    expect(response.status).toBe(404);
    await sequence(t);
    const history = await auditEntries(t, { subject: foreignCase.id });
    expect(history.filter((e) => e.outcome === 'denied')).toEqual([
      expect.objectContaining({
        action: 'consultations.create',
        reason: 'other_tenant',
        actor: expect.objectContaining({ clientId: 'abh-03404' }),
        subject: { type: 'case', id: foreignCase.id },
      }),
    ]);
  });
});
