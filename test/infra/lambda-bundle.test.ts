import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled, type Handler, httpEvent } from './bundled.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

/** Each HTTP function, bundled as deployed, answering API Gateway events against the local stores. */
describe('the bundled HTTP functions', () => {
  let t: TestApp;
  let b: Bundled;
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
    b = await bundled(t, ['requests', 'centre-work', 'admin', 'operations'], { current: key(7) });
    const handler = (name: string) => b.handlers[name] as Handler;
    [requests, centreWork, admin, operations] = [handler('requests'), handler('centre-work'), handler('admin'), handler('operations')];
  }, BUNDLING_TIMEOUT_MS);
  afterAll(async () => {
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
});
