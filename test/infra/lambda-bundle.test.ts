import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../functions/entry/compose.ts';
import { BUDGET } from '../../infra/bundle/bundle-report.ts';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { recordAwsCalls } from './aws-call-recorder.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled, type Handler, httpEvent } from './bundled.ts';
import { roleCheck } from './function-calls.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

/** Each HTTP function, bundled as deployed, answering API Gateway events against the local stores. */
describe('the bundled HTTP functions', () => {
  let t: TestApp;
  let b: Bundled;
  const recorder = recordAwsCalls();
  let requests: Handler;
  let centreWork: Handler;
  let admin: Handler;
  let operations: Handler;
  const auth = async (clientId: string) => ({ authorization: `Bearer ${await t.token(clientId)}` });
  const post = async (handler: Handler, clientId: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    handler(
      httpEvent('POST', path, { ...(await auth(clientId)), 'content-type': 'application/json', ...headers }, JSON.stringify(body)),
      {},
    );

  beforeAll(async () => {
    t = await createTestApp();
    b = await bundled(t, ['requests', 'centre-work', 'admin', 'operations'], { current: key(7) }, { recorder });
    const handler = (name: string) => b.handlers[name] as Handler;
    [requests, centreWork, admin, operations] = [handler('requests'), handler('centre-work'), handler('admin'), handler('operations')];
  }, BUNDLING_TIMEOUT_MS);
  afterAll(async () => {
    recorder.stop();
    await b?.close();
    await t?.close();
  });

  it('takes a case handover and reads it back (requests)', async () => {
    const created = await post(requests, 'abh-03101', '/v1/cases', minimalCase(), { 'idempotency-key': crypto.randomUUID() });
    expect(created.statusCode).toBe(201);
    const { id } = json(created.body) as { id: string };
    const read = await requests(httpEvent('GET', `/v1/cases/${id}`, await auth('abh-03101')), {});
    expect(read.statusCode).toBe(200);
    expect(json(read.body)).toMatchObject({ id, status: 'queued', centre: 'braunschweig', person: { familyName: 'Beispiel' } });
  });

  it('leases and acks the work of a new case, which makes it delivered (centre-work)', async () => {
    const created = await post(requests, 'abh-03404', '/v1/cases', minimalCase(), { 'idempotency-key': crypto.randomUUID() });
    const { id } = json(created.body) as { id: string };
    const leased = await post(centreWork, 'centre-osnabrueck', '/v1/centres/osnabrueck/work/lease', { max: 10 });
    expect(leased.statusCode).toBe(200);
    const item = (json(leased.body).items as { subject: { id: string }; leaseToken: string }[]).find((i) => i.subject.id === id);
    expect(item).toBeDefined();
    const acked = await post(centreWork, 'centre-osnabrueck', '/v1/centres/osnabrueck/work/ack', { leaseTokens: [item?.leaseToken] });
    expect(json(acked.body)).toMatchObject({ failed: [] });
    const read = await requests(httpEvent('GET', `/v1/cases/${id}`, await auth('abh-03404')), {});
    expect(json(read.body)).toMatchObject({ status: 'delivered' });
  });

  it("answers the administrators' status and redrive (admin)", async () => {
    const status = await admin(httpEvent('GET', '/v1/admin/status', await auth('admin')), {});
    expect(status.statusCode).toBe(200);
    expect(json(status.body)).toMatchObject({ centres: { braunschweig: { deadLettered: 0 }, osnabrueck: { deadLettered: 0 } } });
    const redrive = await post(admin, 'admin', '/v1/admin/redrive', { centre: 'braunschweig' });
    expect(redrive.statusCode).toBe(200);
    expect(json(redrive.body)).toMatchObject({ centre: 'braunschweig', moved: 0 });
  });

  it('answers health, and problem+json for every path no function has (operations, the catch-all)', async () => {
    const health = await operations(httpEvent('GET', '/health'), {});
    expect(health.statusCode).toBe(200);
    expect(json(health.body)).toMatchObject({ status: 'ok' });
    const anonymous = await operations(httpEvent('GET', '/v1/nothing-here'), {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers?.['content-type']).toBe('application/problem+json');
    const unknown = await operations(httpEvent('DELETE', '/v1/cases/x', await auth('abh-03101')), {});
    expect(unknown.statusCode).toBe(405);
    expect(unknown.headers?.allow).toContain('GET');
    expect(unknown.headers?.['content-type']).toBe('application/problem+json');
    const nowhere = await operations(httpEvent('GET', '/v1/nothing-here', await auth('abh-03101')), {});
    expect(nowhere.statusCode).toBe(404);
    expect(json(nowhere.body)).toMatchObject({ type: '/problems/not-found' });
  });

  it('serves the OpenAPI document of the whole API, rendered at bundle time, with the deployment token URL (operations)', async () => {
    const served = await operations(httpEvent('GET', '/openapi.json'), {});
    expect(served.statusCode).toBe(200);
    // The document of the app of all routes (as the local server has it, without its token issuer), with this deployment's token URL.
    const withoutIssuer = composeApp({ ...t.runtime, tokenUrl: `${t.base}/oauth2/token` });
    // Served through the event's host: servers names it, as the app of all routes names the host it is called on.
    const expected = await (await withoutIssuer.request('https://api.example.org/openapi.json')).json();
    const document = json(served.body);
    expect(document).toEqual(expected);
    expect(document.servers).toEqual([expect.objectContaining({ url: 'https://api.example.org' })]);
    expect(Object.keys(document.paths as object)).toEqual(
      expect.arrayContaining(['/v1/cases', '/v1/centres/{centre}/work/lease', '/v1/audit']),
    );
  });

  it("carries no other group's routes: each bundle has its own route definitions only", () => {
    const has = (code: string, marker: string) => code.includes(marker);
    const [caseRoute, leaseRoute, auditRoute] = ['Hand over a case', 'Lease work items of your centre', 'Search the exchange log'];
    expect([has(b.code('requests'), caseRoute), has(b.code('requests'), leaseRoute), has(b.code('requests'), auditRoute)]).toEqual([
      true,
      false,
      false,
    ]);
    // centre-work shares the case and consultation resource shapes (routes/lifecycle.ts reads routes/requests.ts' variants), not their routes.
    expect([has(b.code('centre-work'), leaseRoute), has(b.code('centre-work'), auditRoute)]).toEqual([true, false]);
    expect([has(b.code('admin'), caseRoute), has(b.code('admin'), leaseRoute), has(b.code('admin'), auditRoute)]).toEqual([
      false,
      false,
      true,
    ]);
    // The operations function has the whole document as text, in a chunk it loads on the first GET /openapi.json.
    expect(has(b.code('operations'), caseRoute)).toBe(true);
    expect(has(b.initCode('operations'), caseRoute)).toBe(false);
  });

  it('answers 403 before any lookup to a role that may never call the route, in each function', async () => {
    const asCentre = await admin(httpEvent('GET', '/v1/admin/status', await auth('centre-braunschweig')), {});
    expect(asCentre.statusCode).toBe(403);
    const asMunicipality = await post(centreWork, 'abh-03101', '/v1/centres/braunschweig/work/lease', {});
    expect(asMunicipality.statusCode).toBe(403);
    // Administrators never read personal data.
    const asAdmin = await requests(httpEvent('GET', `/v1/cases/${crypto.randomUUID()}`, await auth('admin')), {});
    expect(asAdmin.statusCode).toBe(403);
    expect(json(asAdmin.body)).toMatchObject({ type: '/problems/forbidden' });
  });

  it("does not serve another group's route, even when a call reaches it (404, no data touched)", async () => {
    const lease = await post(requests, 'centre-braunschweig', '/v1/centres/braunschweig/work/lease', {});
    expect(lease.statusCode).toBe(404);
    const list = await operations(httpEvent('GET', '/v1/cases', await auth('abh-03101')), {});
    expect(list.statusCode).toBe(404);
    expect(json(list.body)).toMatchObject({ type: '/problems/not-found' });
  });

  it('bundles each function as minified ESM for Node.js 24 with source maps, its handler at index.handler', () => {
    for (const name of ['requests', 'centre-work', 'admin', 'operations'] as const) {
      const files = b.files(name);
      expect(files, name).toContain('index.mjs');
      expect(files, name).toContain('index.mjs.map');
      const entry = b.file(name, 'index.mjs');
      // ESM (import statements, an exported handler), minified (long lines: the line breaks left are inside strings), pointing at its map.
      expect(entry, name).toMatch(/^import /);
      expect(entry, name).toMatch(/export\s*\{[^}]*as handler\b/);
      expect(entry.length / entry.split('\n').length, name).toBeGreaterThan(1000);
      expect(entry, name).toContain('//# sourceMappingURL=index.mjs.map');
      const map = JSON.parse(b.file(name, 'index.mjs.map')) as { sources: string[] };
      expect(
        map.sources.some((source) => source.includes('functions/entry/lambda-')),
        name,
      ).toBe(true);
    }
  });

  it('loads no more code at a cold start than the budget allows, the operations function the least', () => {
    const kib = (name: 'requests' | 'centre-work' | 'admin' | 'operations') => b.initBytes(name) / 1024;
    for (const name of ['requests', 'centre-work', 'admin', 'operations'] as const)
      expect(kib(name), name).toBeLessThanOrEqual(BUDGET.initKiB);
    // Without the other groups' routes and schemas: well below the app of all routes that every function loaded before.
    expect(kib('operations')).toBeLessThan(kib('requests') - 80);
    expect(kib('admin')).toBeLessThan(kib('requests') - 40);
  });

  it('ships none of the local token issuer in any bundle', () => {
    const code = b.code();
    // Not vacuous: the bundles hold the deployed app's own code.
    expect(code).toContain('participants.json');
    // Strings only the issuer's code has ('unsupported_grant_type' is no marker here: the bundled SDK has it too).
    for (const marker of ['Only grant_type=client_credentials', 'rueckkehr-exchange-local']) {
      expect(code.includes(marker), marker).toBe(false);
    }
  });

  it('reads the key ring from Secrets Manager once per function, never from the environment', () => {
    expect(process.env.SERVER_SECRET).toBeUndefined();
    // requests, centre-work and admin: one read each at cold start; operations holds no key.
    expect(b.secrets.reads()).toBe(3);
  });

  it('makes only AWS calls that its role in the synthesised stack allows, in every test above', () => {
    expect(recorder.calls().length).toBeGreaterThan(0);
    const check = roleCheck(t);
    expect(check.denied(check.requestsOf(recorder))).toEqual([]);
  });
});
