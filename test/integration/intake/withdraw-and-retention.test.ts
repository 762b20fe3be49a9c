import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, drainQueue, type Json, minimalCase, minimalConsultation, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const DAY_MS = 24 * 3600 * 1000;

describe('withdrawal and retention of personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ retention: { afterIntakeDays: 365, afterFinalDays: 30 } });
  });
  afterAll(() => t.close());

  const withdraw = (clientId: string, path: string, body: unknown = { reason: 'Aufenthaltserlaubnis erteilt' }) =>
    t.call(clientId, `${path}/withdraw`, { method: 'POST', body: JSON.stringify(body) });

  it('lets the owning municipality withdraw; the centre receives the withdrawal as work', async () => {
    const resource = await created(t, 'abh-03404', '/v1/cases', minimalCase());
    await drainQueue(t, 'osnabrueck');
    const response = await withdraw('abh-03404', `/v1/cases/${resource.id}`);
    expect(response.status).toBe(200);
    const withdrawn = (await response.json()) as Json;
    expect(withdrawn).toMatchObject({
      id: resource.id,
      status: 'withdrawn',
      withdrawal: { reason: 'Aufenthaltserlaubnis erteilt', consentRevoked: false },
      person: { familyName: 'Beispiel' },
    });
    expect(withdrawn.updatedAt).not.toBe(resource.updatedAt);
    const work = await drainQueue(t, 'osnabrueck');
    expect(work.map((m) => [m.type, m.subject.id])).toEqual([['case.withdrawn', resource.id]]);
  });

  it('shortens the retention once final: the earlier of intake + 365 days and now + 30 days', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect(Date.parse(resource.personalDataExpiresAt as string) - Date.parse(resource.createdAt as string)).toBe(365 * DAY_MS);
    const withdrawn = (await (await withdraw('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json;
    const expires = Date.parse(withdrawn.personalDataExpiresAt as string);
    expect(Math.abs(expires - (Date.parse(withdrawn.updatedAt as string) + 30 * DAY_MS))).toBeLessThan(1000);
    const personal = (await scanTable(t, 'data')).find((i) => i.pk === `REQ#${resource.id}` && i.sk === 'PERSONAL');
    expect(personal?.expiresAt).toBe(Math.floor(expires / 1000));
  });

  it('erases the personal data at once when consent is revoked, and keeps the skeleton and the log', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const response = await withdraw('abh-03101', `/v1/cases/${resource.id}`, { reason: 'Einwilligung widerrufen', consentRevoked: true });
    expect(response.status).toBe(200);
    const read = (await (await t.call('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(read).toMatchObject({
      id: resource.id,
      status: 'withdrawn',
      personalData: 'erased',
      municipalReference: resource.municipalReference,
    });
    expect(read.person).toBeUndefined();
    const items = (await scanTable(t, 'data')).filter((i) => i.pk === `REQ#${resource.id}`);
    expect(items.map((i) => i.sk)).not.toContain('PERSONAL');
    expect(JSON.stringify(items)).not.toContain('Beispiel');
    const log = (await scanTable(t, 'audit'))
      .filter((e) => (e.subject as { id?: string } | undefined)?.id === resource.id)
      .map((e) => e.action);
    expect(log).toEqual(expect.arrayContaining(['cases.create', 'cases.withdraw']));
  });

  it('treats personal data past its expiry as gone on every read, before TTL deletes it', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await t.runtime.clients.doc.send(
      new UpdateCommand({
        TableName: t.runtime.resources.tables.data.name,
        Key: { pk: `REQ#${resource.id}`, sk: 'PERSONAL' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const read = (await (await t.call('centre-braunschweig', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(read).toMatchObject({ id: resource.id, status: 'queued', personalData: 'expired' });
    expect(read.person).toBeUndefined();
    // The withdrawal still works and does not bring the personal data back.
    const withdrawn = (await (await withdraw('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json;
    expect(withdrawn).toMatchObject({ status: 'withdrawn', personalData: 'expired' });
  });

  it('frees the municipal reference of a withdrawn case for a new handover', async () => {
    const body = minimalCase();
    const first = await created(t, 'abh-03101', '/v1/cases', body);
    expect((await submit(t, 'abh-03101', '/v1/cases', body)).status).toBe(409);
    await withdraw('abh-03101', `/v1/cases/${first.id}`);
    expect((await submit(t, 'abh-03101', '/v1/cases', body)).status).toBe(201);
  });

  it('refuses to withdraw twice (409), for another municipality (404) and for a centre (403)', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect((await withdraw('abh-03102', `/v1/cases/${resource.id}`)).status).toBe(404);
    expect((await withdraw('centre-braunschweig', `/v1/cases/${resource.id}`)).status).toBe(403);
    expect((await withdraw('abh-03101', `/v1/cases/${resource.id}`)).status).toBe(200);
    const again = await withdraw('abh-03101', `/v1/cases/${resource.id}`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: '/problems/invalid-transition' });
  });

  it('withdraws consultation requests the same way', async () => {
    const resource = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation({ preferredCentre: 'osnabrueck' }));
    await drainQueue(t, 'osnabrueck');
    const response = await withdraw('abh-03101', `/v1/consultations/${resource.id}`, { reason: 'Kein Bedarf mehr' });
    expect(response.status).toBe(200);
    expect((await drainQueue(t, 'osnabrueck')).map((m) => m.type)).toEqual(['consultation.withdrawn']);
  });

  it('refuses a withdrawal without a reason (422)', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    expect((await withdraw('abh-03101', `/v1/cases/${resource.id}`, {})).status).toBe(422);
  });
});
