import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingTable } from '../../functions/core/routing/routing-table.ts';
import { loadRoutingTable } from '../../functions/entry/routing-table-files.ts';
import { RoutingTableSchema } from '../../schemas/routing-table.ts';
import { created, minimalCase, minimalConsultation, scanTable, submit } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

const table = loadRoutingTable();

describe('GET /v1/routing-table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(['abh-03101', 'centre-braunschweig', 'centre-osnabrueck', 'admin'])('answers the table in force to %s', async (client) => {
    const response = await t.call(client, '/v1/routing-table');
    expect(response.status).toBe(200);
    const body = RoutingTableSchema.parse(await response.json());
    expect(body.policyVersion).toBe(table.policyVersion);
    expect(body.entries).toHaveLength(table.entries.length);
    const centreOf = Object.fromEntries(body.entries.map((e) => [e.ags, e.centre]));
    expect(centreOf).toMatchObject({
      '03101': 'braunschweig',
      '03241': 'braunschweig',
      '03404': 'osnabrueck',
      '03459': 'osnabrueck',
      '03403': 'osnabrueck',
    });
    expect(body.entries.find((e) => e.ags === '03241001')).toMatchObject({ verified: false, note: 'to verify', rule: 'authority-default' });
  });

  it('answers 401 with a Bearer challenge without a token', async () => {
    const response = await t.app.request('/v1/routing-table');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toMatchObject({ type: '/problems/unauthorized' });
  });

  it('is in the OpenAPI document with its statuses, and /problems/unknown-authority resolves', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths['/v1/routing-table']?.get?.responses ?? {}).sort()).toEqual([
      '200',
      '401',
      '403',
      '409',
      '429',
      '431',
      '503',
    ]);
    expect(doc.components.schemas.RoutingTable).toBeDefined();
    const problem = await t.app.request('/problems/unknown-authority');
    expect(await problem.json()).toEqual({
      type: '/problems/unknown-authority',
      status: 422,
      title: 'The submitting authority is not in the routing table',
    });
  });
});

describe('intake from a registered authority that is not in the routing table', () => {
  let t: TestApp;
  // Stadt Braunschweig stays a registered, enabled client, but this table has no entry for it.
  const without03101: RoutingTable = { ...table, entries: table.entries.filter((e) => e.ags !== '03101') };
  beforeAll(async () => {
    t = await createTestApp({ routing: without03101 });
  });
  afterAll(() => t.close());

  it.each([
    ['/v1/cases', () => minimalCase()],
    ['/v1/consultations', () => minimalConsultation()],
    ['/v1/consultations', () => minimalConsultation({ preferredCentre: 'braunschweig' })],
  ] as const)('answers POST %s with 422 unknown-authority and stores nothing', async (path, body) => {
    const before = (await scanTable(t, 'data')).length;
    const response = await submit(t, 'abh-03101', path, body());
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      type: '/problems/unknown-authority',
      status: 422,
      municipality: '03101',
      policyVersion: table.policyVersion,
      detail: expect.stringContaining('03101'),
    });
    expect(JSON.stringify(problem)).not.toMatch(/Beispiel|1990-04-12/);
    expect((await scanTable(t, 'data')).length).toBe(before);
  });

  it('does not use up the Idempotency-Key of the refused request', async () => {
    const key = crypto.randomUUID();
    expect((await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key)).status).toBe(422);
    // Another body with the same key: a used-up key would answer idempotency-key-reused.
    const retry = await submit(t, 'abh-03101', '/v1/cases', minimalCase(), key);
    expect(await retry.json()).toMatchObject({ type: '/problems/unknown-authority' });
    const items = await scanTable(t, 'data');
    expect(JSON.stringify(items)).not.toContain(key);
  });

  it('keeps taking requests from the authorities that are in the table', async () => {
    expect((await created(t, 'abh-03102', '/v1/cases', minimalCase())).centre).toBe('braunschweig');
  });
});

describe('intake under a deployment override', () => {
  let t: TestApp;
  const overridden = loadRoutingTable({ overridesFile: new URL('../../data/routing/overrides.example.json', import.meta.url).pathname });
  beforeAll(async () => {
    t = await createTestApp({ routing: overridden });
  });
  afterAll(() => t.close());

  it('routes the overridden authority to the other centre and stores the rule and version with the request and in the log', async () => {
    const resource = await created(t, 'abh-03251', '/v1/cases', minimalCase());
    const routing = { centre: 'osnabrueck', rule: 'authority-override', policyVersion: `${table.policyVersion}+example-1` };
    expect(resource).toMatchObject({ centre: 'osnabrueck', routing });
    const route = (await scanTable(t, 'audit')).find(
      (e) => e.action === 'cases.route' && (e.subject as { id: string } | undefined)?.id === resource.id,
    );
    expect(route?.details).toEqual(routing);
  });

  it('serves the override in the routing table with the centre the table itself names', async () => {
    const body = RoutingTableSchema.parse(await (await t.call('centre-osnabrueck', '/v1/routing-table')).json());
    expect(body.policyVersion).toBe(`${table.policyVersion}+example-1`);
    expect(body.entries.find((e) => e.ags === '03251')).toMatchObject({
      centre: 'osnabrueck',
      rule: 'authority-override',
      defaultCentre: 'braunschweig',
      overrideReason: expect.any(String),
    });
  });
});
