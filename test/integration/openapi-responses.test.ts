import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalCase, minimalConsultation } from '../support/requests.ts';
import { responseValidator } from '../support/response-validator.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

type Schemas = Record<string, { required?: string[]; properties?: Record<string, { $ref?: string }> }>;

describe('response schemas describe what the server answers (zod output side), request schemas what clients send', () => {
  let t: TestApp;
  let document: { components: { schemas: Schemas } } & Parameters<typeof responseValidator>[0];
  let errorsOf: ReturnType<typeof responseValidator>;
  const problems: unknown[] = [];
  const answered: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    document = (await (await t.app.request('/openapi.json')).json()) as typeof document;
    errorsOf = responseValidator(document);
  });
  afterAll(() => t.close());

  /** Calls as a client and collects what does not fit the documented response schema. */
  async function call(clientId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await t.call(clientId, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    problems.push(...(await errorsOf(method, path, response)));
    answered.push(`${method} ${path.split('?')[0]?.replace(/[0-9a-f-]{20,}/g, '{id}')} ${response.status}`);
    return response;
  }

  it('lists a field with a default as optional in the request and as always answered in the response', () => {
    const schemas = document.components.schemas;
    expect(schemas.Consent?.required).toEqual(['dataTransfer', 'signedOn']);
    expect(schemas.ConsentOutput?.required).toEqual(['dataTransfer', 'signedOn', 'signedBy']);
    expect(schemas.CaseSubmission?.properties?.consent?.$ref).toBe('#/components/schemas/Consent');
    expect(schemas.Case?.properties?.consent?.$ref).toBe('#/components/schemas/ConsentOutput');
    expect(schemas.LeaseRequest?.required).toBeUndefined();
  });

  it('answers the main operations of municipalities, centres and administrators as the document says', async () => {
    const key = { 'Idempotency-Key': crypto.randomUUID() };
    const created = await call('abh-03101', 'POST', '/v1/cases', minimalCase({ household: { members: [] } }), key);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await call('abh-03101', 'POST', '/v1/cases', minimalCase(), { 'Idempotency-Key': crypto.randomUUID(), 'X-Unused': '1' });
    expect((await call('abh-03101', 'POST', '/v1/cases', { municipalReference: '' }, { 'Idempotency-Key': 'k' })).status).toBe(422);
    const consultation = await call('abh-03404', 'POST', '/v1/consultations', minimalConsultation(), {
      'Idempotency-Key': crypto.randomUUID(),
    });
    const consultationId = ((await consultation.json()) as { id: string }).id;
    await call('abh-03101', 'GET', `/v1/cases/${id}`);
    await call('abh-03101', 'GET', '/v1/cases?limit=5');
    await call('abh-03404', 'GET', `/v1/consultations/${consultationId}`);
    await call('abh-03404', 'GET', '/v1/consultations');
    await call('abh-03101', 'GET', '/v1/cases/unknown-id');
    await call('admin', 'GET', `/v1/cases/${id}`);

    const leased = await call('centre-braunschweig', 'POST', '/v1/centres/braunschweig/work/lease', { max: 10, waitSeconds: 2 });
    const items = ((await leased.json()) as { items: { leaseToken: string; subject: { id: string } }[] }).items;
    const own = items.find((item) => item.subject.id === id);
    expect(own).toBeDefined();
    await call('centre-braunschweig', 'POST', '/v1/centres/braunschweig/work/extend', { leaseTokens: [own?.leaseToken], leaseSeconds: 60 });
    await call('centre-braunschweig', 'POST', '/v1/centres/braunschweig/work/ack', { leaseTokens: [own?.leaseToken] });
    await call('centre-braunschweig', 'POST', '/v1/centres/braunschweig/work/release', { leaseTokens: [own?.leaseToken] });
    await call('centre-braunschweig', 'POST', `/v1/cases/${id}/status`, { status: 'in_counselling' });
    await call('centre-braunschweig', 'POST', `/v1/cases/${id}/transfer`, { centre: 'osnabrueck', reason: 'Wohnortwechsel' });
    await call('abh-03101', 'POST', `/v1/cases/${id}/withdraw`, { reason: 'Ausgereist' });
    await call('abh-03101', 'GET', '/v1/events');
    await call('abh-03101', 'GET', '/v1/routing-table');
    await call('admin', 'GET', '/v1/admin/status');
    await call('admin', 'GET', '/v1/audit?limit=5');
    await call('admin', 'GET', '/v1/audit/verify');
    const health = await t.app.request('/health');
    problems.push(...(await errorsOf('GET', '/health', health)));
    expect(problems).toEqual([]);
    expect(answered).toEqual([
      'POST /v1/cases 201',
      'POST /v1/cases 201',
      'POST /v1/cases 422',
      'POST /v1/consultations 201',
      'GET /v1/cases/{id} 200',
      'GET /v1/cases 200',
      'GET /v1/consultations/{id} 200',
      'GET /v1/consultations 200',
      'GET /v1/cases/unknown-id 404',
      'GET /v1/cases/{id} 403',
      'POST /v1/centres/braunschweig/work/lease 200',
      'POST /v1/centres/braunschweig/work/extend 200',
      'POST /v1/centres/braunschweig/work/ack 200',
      'POST /v1/centres/braunschweig/work/release 200',
      'POST /v1/cases/{id}/status 200',
      'POST /v1/cases/{id}/transfer 200',
      'POST /v1/cases/{id}/withdraw 200',
      'GET /v1/events 200',
      'GET /v1/routing-table 200',
      'GET /v1/admin/status 200',
      'GET /v1/audit 200',
      'GET /v1/audit/verify 200',
    ]);
  }, 60_000);

  it('flags an answer that does not fit its documented schema, or whose status is not documented', async () => {
    const json = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    expect(await errorsOf('POST', '/v1/cases', json(201, { id: 'x' }))).not.toEqual([]);
    expect(await errorsOf('GET', '/v1/routing-table', json(418, {}))).toEqual([
      'GET /v1/routing-table 418 application/json: not in the document',
    ]);
  });
});
