import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, sequence } from '../../support/audit.ts';
import { CANARY, canariesIn, canaryCase, canaryConsultation } from '../../support/canary.ts';
import { postChange } from '../../support/lifecycle.ts';
import { captureLogs } from '../../support/log-capture.ts';
import { created, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, settle } from '../../support/work.ts';

describe('the exchange log holds no personal data', () => {
  const { logger, lines } = captureLogs();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logger });
  });
  afterAll(() => t.close());

  it('keeps every canary out of the log, its export and the log lines through a whole exchange', async () => {
    const body = canaryCase();
    const key = crypto.randomUUID();
    const response = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await submit(t, 'abh-03101', '/v1/cases', body, key)).status).toBe(201); // replay
    await created(t, 'abh-03404', '/v1/consultations', canaryConsultation());
    expect((await t.call('abh-03101', `/v1/cases/${id}`)).status).toBe(200);
    expect((await t.call('abh-03404', `/v1/cases/${id}`)).status).toBe(404); // other tenant
    const [item] = await lease(t, 'braunschweig');
    expect(item?.subject.id).toBe(id);
    await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? '']);
    expect(
      (await postChange(t, 'centre-braunschweig', 'case', id, 'status', { status: 'in_counselling', note: CANARY.statusNote })).status,
    ).toBe(200);
    expect(
      (await postChange(t, 'centre-braunschweig', 'case', id, 'transfer', { centre: 'osnabrueck', reason: CANARY.transferReason })).status,
    ).toBe(200);
    expect((await postChange(t, 'abh-03101', 'case', id, 'withdraw', { reason: CANARY.withdrawReason })).status).toBe(200);
    await sequence(t);

    const entries = await auditEntries(t);
    expect(entries.filter((e) => e.subject?.id === id).map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'cases.create',
        'cases.route',
        'work.send',
        'cases.read',
        'work.lease',
        'work.ack',
        'cases.status',
        'cases.transfer',
        'cases.withdraw',
      ]),
    );
    expect(canariesIn(JSON.stringify(entries))).toEqual([]);
    expect(canariesIn(JSON.stringify(await scanTable(t, 'audit')))).toEqual([]);
    const exported = await t.call(
      'admin',
      `/v1/audit/export?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`,
    );
    expect(exported.status).toBe(200);
    const ndjson = await exported.text();
    expect(ndjson.trim().split('\n').length).toBe(entries.length);
    expect(canariesIn(ndjson)).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
    expect(canariesIn(lines.join('\n'))).toEqual([]);
    // The data table does hold them (in the personal data item): the canaries are real.
    expect(canariesIn(JSON.stringify(await scanTable(t, 'data')))).toContain(CANARY.familyName);
  }, 60_000);
});
