import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, drainQueue, type Json, minimalCase, minimalConsultation, scanTable, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('intake: submitting cases and consultation requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('accepts the minimal case of the contract with 201, Location and the queued resource', async () => {
    const body = minimalCase();
    const response = await submit(t, 'abh-03101', '/v1/cases', body);
    expect(response.status).toBe(201);
    const resource = (await response.json()) as Json;
    expect(response.headers.get('location')).toBe(`/v1/cases/${resource.id}`);
    expect(resource).toMatchObject({
      status: 'queued',
      centre: 'braunschweig',
      municipality: '03101',
      routing: { centre: 'braunschweig', rule: 'authority-default', policyVersion: expect.any(String) },
      municipalReference: body.municipalReference,
      person: body.person,
      residence: body.residence,
      personalData: 'present',
    });
    expect(Date.parse(resource.createdAt as string)).not.toBeNaN();
    expect(resource.updatedAt).toBe(resource.createdAt);
  });

  it('routes by the submitting authority: Osnabrück, Landkreis Osnabrück and Oldenburg go to osnabrueck, Region Hannover to braunschweig', async () => {
    for (const [client, centre] of [
      ['abh-03404', 'osnabrueck'],
      ['abh-03459', 'osnabrueck'],
      ['abh-03403', 'osnabrueck'],
      ['abh-03241', 'braunschweig'],
    ] as const) {
      const resource = await created(t, client, '/v1/cases', minimalCase());
      expect(resource.centre).toBe(centre);
      expect(resource.municipality).toBe(client.slice(4));
    }
  });

  it('takes the municipality from the token, never from the body', async () => {
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase({ municipality: '03404' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ errors: [{ path: 'municipality', message: 'unknown field' }] });
  });

  it('puts a case.submitted work item with ids only on the centre queue, grouped by the case', async () => {
    await drainQueue(t, 'osnabrueck');
    const resource = await created(t, 'abh-03404', '/v1/cases', minimalCase());
    const messages = await drainQueue(t, 'osnabrueck');
    expect(messages).toEqual([
      {
        workId: expect.any(String),
        type: 'case.submitted',
        subject: { type: 'case', id: resource.id },
        centre: 'osnabrueck',
        at: resource.createdAt,
        groupId: resource.id,
      },
    ]);
    expect(JSON.stringify(messages)).not.toContain('Beispiel');
  });

  it('writes the exchange log in the same transaction, with keyed payload hashes and no personal data', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const entries = (await scanTable(t, 'audit')).filter((e) => (e.subject as { id?: string } | undefined)?.id === resource.id);
    // The two entries of the transaction, and the entry of the work item's send to the centre's queue.
    expect(entries.map((e) => e.action).sort()).toEqual(['cases.create', 'cases.route', 'work.send']);
    const create = entries.find((e) => e.action === 'cases.create');
    expect(create).toMatchObject({ outcome: 'success', actor: { clientId: 'abh-03101', role: 'municipality', organisation: '03101' } });
    expect(create?.payloadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(entries.find((e) => e.action === 'cases.route')?.details).toEqual({
      centre: 'braunschweig',
      rule: 'authority-default',
      policyVersion: expect.any(String),
    });
    expect(JSON.stringify(entries)).not.toMatch(/Beispiel|Amal|1990-04-12/);
  });

  it('keeps personal data apart from the case skeleton, and stores it once', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const items = (await scanTable(t, 'data')).filter((i) => String(i.pk).includes(resource.id));
    const meta = items.find((i) => i.sk === 'META');
    const personal = items.find((i) => i.sk === 'PERSONAL');
    expect(JSON.stringify(meta)).not.toMatch(/Beispiel|1990-04-12/);
    expect(personal?.submission).toMatchObject({ person: { familyName: 'Beispiel' } });
    expect(typeof personal?.expiresAt).toBe('number');
    const everything = JSON.stringify(await scanTable(t, 'data'));
    const copies = everything.split(`"municipalReference":"${resource.municipalReference}"`).length - 1;
    expect(copies).toBeLessThanOrEqual(2); // skeleton + submission; never in idempotency, outbox or reference items
  });

  it('accepts the minimal consultation request; preferredCentre overrides the routing table', async () => {
    const plain = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation());
    expect(plain).toMatchObject({ status: 'queued', centre: 'braunschweig', routing: { rule: 'authority-default' } });
    const preferred = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation({ preferredCentre: 'osnabrueck' }));
    expect(preferred).toMatchObject({ centre: 'osnabrueck', routing: { centre: 'osnabrueck', rule: 'preferred-centre' } });
  });

  it('links a consultation request to one of the caller\u2019s own cases, and to nobody else\u2019s (404)', async () => {
    const own = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const foreign = await created(t, 'abh-03404', '/v1/cases', minimalCase());
    const linked = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation({ caseId: own.id }));
    expect(linked.caseId).toBe(own.id);
    for (const caseId of [foreign.id, 'no-such-case', linked.id]) {
      const response = await submit(t, 'abh-03101', '/v1/consultations', minimalConsultation({ caseId }));
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: '/problems/not-found' });
    }
  });

  it('answers a second open case with the same municipalReference with 409 naming the existing case', async () => {
    const body = minimalCase();
    const first = await created(t, 'abh-03101', '/v1/cases', body);
    const twin = await submit(
      t,
      'abh-03101',
      '/v1/cases',
      minimalCase({ municipalReference: body.municipalReference as string, person: { givenNames: 'Amala' } }),
    );
    expect(twin.status).toBe(409);
    expect(await twin.json()).toMatchObject({ type: '/problems/duplicate-reference', existingCaseId: first.id });
    // Another authority may use the same file number.
    expect((await submit(t, 'abh-03102', '/v1/cases', body)).status).toBe(201);
  });

  it('refuses invalid bodies with 422 and field errors, and stores nothing', async () => {
    const before = (await scanTable(t, 'data')).length;
    const body = minimalCase({ consent: { dataTransfer: false, signedOn: '2026-11-20' } });
    const response = await submit(t, 'abh-03101', '/v1/cases', body);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ type: '/problems/validation', errors: [{ path: 'consent.dataTransfer' }] });
    expect((await scanTable(t, 'data')).length).toBe(before);
  });
});
