import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, sequence, verifyLog } from '../../support/audit.ts';
import { canaryCase } from '../../support/canary.ts';
import { postChange } from '../../support/lifecycle.ts';
import { created, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { testClock } from '../../support/work.ts';

describe('the exchange log and the retention of personal data', () => {
  const clock = testClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: clock.now, retention: { afterIntakeDays: 365, afterFinalDays: 30 } });
  });
  afterAll(() => t.close());

  it('keeps the log of a closed request after its personal data expired, and it still verifies', async () => {
    const { id } = await created(t, 'abh-03101', '/v1/cases', canaryCase());
    expect((await postChange(t, 'abh-03101', 'case', id, 'withdraw', { reason: 'Ausgereist' })).status).toBe(200);
    await sequence(t);
    const before = await auditEntries(t, { subject: id });

    clock.advance(31 * 86_400_000);
    // What DynamoDB's TTL does, some time after the expiry: the personal data item goes.
    await t.runtime.clients.doc.send(
      new DeleteCommand({ TableName: t.runtime.resources.tables.data.name, Key: { pk: `REQ#${id}`, sk: 'PERSONAL' } }),
    );
    expect((await scanTable(t, 'data')).filter((i) => i.pk === `REQ#${id}` && i.sk === 'PERSONAL')).toEqual([]);
    expect(await (await t.call('abh-03101', `/v1/cases/${id}`)).json()).toMatchObject({ id, personalData: 'expired' });
    await sequence(t);

    const after = await auditEntries(t, { subject: id });
    expect(after.slice(-before.length)).toEqual(before);
    expect(after.map((e) => e.action)).toContain('cases.read');
    expect(await verifyLog(t)).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('gives the log table no expiry at all', () => {
    expect(t.runtime.resources.tables.audit.ttlAttribute).toBeUndefined();
  });
});
