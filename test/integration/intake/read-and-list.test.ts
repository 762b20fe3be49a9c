import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { created, type Json, minimalCase, minimalConsultation, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

type Page = { items: Json[]; nextCursor: string | null };

describe('reading and listing requests, per tenant', () => {
  let t: TestApp;
  let braunschweigCase: Json;
  let osnabrueckCase: Json;
  beforeAll(async () => {
    t = await createTestApp();
    braunschweigCase = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    osnabrueckCase = await created(t, 'abh-03404', '/v1/cases', minimalCase());
  });
  afterAll(() => t.close());

  const get = (clientId: string, path: string) => t.call(clientId, path);

  it('lets the owning municipality and the assigned centre read the case with its personal data', async () => {
    for (const client of ['abh-03101', 'centre-braunschweig']) {
      const response = await get(client, `/v1/cases/${braunschweigCase.id}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: braunschweigCase.id, person: { familyName: 'Beispiel' }, personalData: 'present' });
    }
  });

  it('records every read of personal data in the exchange log', async () => {
    await get('centre-braunschweig', `/v1/cases/${braunschweigCase.id}`);
    const reads = (await scanTable(t, 'audit')).filter(
      (e) => e.action === 'cases.read' && (e.subject as { id: string }).id === braunschweigCase.id,
    );
    expect(reads.map((e) => (e.actor as { clientId: string }).clientId)).toEqual(
      expect.arrayContaining(['abh-03101', 'centre-braunschweig']),
    );
  });

  it('hides a case from another municipality and from the other centre (404, the same as an unknown id)', async () => {
    for (const [client, id] of [
      ['abh-03404', braunschweigCase.id],
      ['abh-03101', osnabrueckCase.id],
      ['centre-osnabrueck', braunschweigCase.id],
      ['centre-braunschweig', osnabrueckCase.id],
      ['abh-03101', 'no-such-id'],
    ] as const) {
      const response = await get(client, `/v1/cases/${id}`);
      expect(response.status, `${client} reading ${id}`).toBe(404);
      const body = await response.text();
      expect(body).not.toContain('Beispiel');
      expect(body).not.toContain('osnabrueck');
    }
  });

  it('refuses administrators any read of personal data (403)', async () => {
    const response = await get('admin', `/v1/cases/${braunschweigCase.id}`);
    expect(response.status).toBe(403);
  });

  it('does not serve a consultation request under /v1/cases or a case under /v1/consultations', async () => {
    const consultation = await created(t, 'abh-03101', '/v1/consultations', minimalConsultation());
    expect((await get('abh-03101', `/v1/cases/${consultation.id}`)).status).toBe(404);
    expect((await get('abh-03101', `/v1/consultations/${braunschweigCase.id}`)).status).toBe(404);
    expect((await get('abh-03101', `/v1/consultations/${consultation.id}`)).status).toBe(200);
  });

  it('lists a municipality\u2019s own cases newest first, without personal data', async () => {
    const newer = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const page = (await (await get('abh-03101', '/v1/cases')).json()) as Page;
    const ids = page.items.map((i) => i.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(braunschweigCase.id));
    expect(ids).not.toContain(osnabrueckCase.id);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual([
      'centre',
      'createdAt',
      'id',
      'municipalReference',
      'municipality',
      'status',
      'updatedAt',
    ]);
    expect(JSON.stringify(page)).not.toContain('Beispiel');
  });

  it('lists a centre\u2019s assigned cases only', async () => {
    const page = (await (await get('centre-osnabrueck', '/v1/cases?limit=100')).json()) as Page;
    expect(page.items.map((i) => i.id)).toContain(osnabrueckCase.id);
    expect(page.items.every((i) => i.centre === 'osnabrueck')).toBe(true);
  });

  it('filters by status and by municipalReference', async () => {
    const byRef = (await (await get('abh-03101', `/v1/cases?municipalReference=${braunschweigCase.municipalReference}`)).json()) as Page;
    expect(byRef.items.map((i) => i.id)).toEqual([braunschweigCase.id]);
    const withdrawn = (await (await get('abh-03101', '/v1/cases?status=withdrawn')).json()) as Page;
    expect(withdrawn.items.every((i) => i.status === 'withdrawn')).toBe(true);
    expect((await get('abh-03101', '/v1/cases?status=lost')).status).toBe(422);
  });

  it('pages with sealed cursors bound to the caller and the query', async () => {
    for (let i = 0; i < 3; i++) await created(t, 'abh-03102', '/v1/cases', minimalCase());
    const first = (await (await get('abh-03102', '/v1/cases?limit=2')).json()) as Page;
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (await get('abh-03102', `/v1/cases?limit=2&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.items.length).toBeGreaterThanOrEqual(1);
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]?.id);

    const cursor = encodeURIComponent(first.nextCursor ?? '');
    const stolen = await get('abh-03101', `/v1/cases?limit=2&cursor=${cursor}`);
    expect(stolen.status).toBe(400);
    expect(await stolen.json()).toMatchObject({ type: '/problems/invalid-cursor' });
    expect((await get('abh-03102', `/v1/cases?limit=2&status=queued&cursor=${cursor}`)).status).toBe(400);
    expect((await get('abh-03102', `/v1/cases?cursor=${cursor.slice(0, -4)}abcd`)).status).toBe(400);
  });

  it('refuses a limit outside 1-100 with 422', async () => {
    for (const limit of ['0', '101', 'ten']) expect((await get('abh-03101', `/v1/cases?limit=${limit}`)).status).toBe(422);
  });
});
