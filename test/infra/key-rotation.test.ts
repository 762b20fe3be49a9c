import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../../infra/bundle/bundle-function.ts';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled, type Handler, httpEvent, KEY_RING_SECRET_ID } from './bundled.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;

/**
 * A key rotation as README describes it, on the bundled functions: the secret's value changes to
 * { current: new, previous: old }, and the functions start cold (new instances) and read it. What was
 * made under the old key before the rotation must keep working after it.
 */
describe('a key rotation', () => {
  let t: TestApp;
  let before: Bundled;
  const after: Record<string, Handler> = {};
  const dir = mkdtempSync(join(tmpdir(), 'rueckkehr-rotated-'));
  const auth = async (clientId: string) => ({ authorization: `Bearer ${await t.token(clientId)}` });
  const body = minimalCase();
  const idempotencyKey = crypto.randomUUID();
  let made: { id: string; cursor: string; leaseToken: string };

  const submit = async (handler: Handler) =>
    handler(
      httpEvent(
        'POST',
        '/v1/cases',
        { ...(await auth('abh-03101')), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        JSON.stringify(body),
      ),
      {},
    );
  const list = async (handler: Handler, cursor?: string) => {
    const event = httpEvent('GET', '/v1/cases', await auth('abh-03101'));
    return handler({ ...event, rawQueryString: `limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` }, {});
  };
  const settle = async (handler: Handler, action: string, leaseToken: string) =>
    handler(
      httpEvent(
        'POST',
        `/v1/centres/braunschweig/work/${action}`,
        { ...(await auth('centre-braunschweig')), 'content-type': 'application/json' },
        JSON.stringify({ leaseTokens: [leaseToken], ...(action === 'extend' ? { leaseSeconds: 120 } : {}) }),
      ),
      {},
    );

  beforeAll(async () => {
    t = await createTestApp();
    before = await bundled(t, ['requests', 'centre-work'], { current: key(1) });
    const [requests, centreWork] = [before.handlers.requests as Handler, before.handlers['centre-work'] as Handler];
    // Made before the rotation: a case (an idempotency record), a list cursor, a lease.
    const created = await submit(requests);
    expect(created.statusCode).toBe(201);
    await submit(requests).then((r) => expect(r.headers?.['idempotent-replayed']).toBe('true'));
    const other = await requests(
      httpEvent(
        'POST',
        '/v1/cases',
        { ...(await auth('abh-03101')), 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        JSON.stringify(minimalCase()),
      ),
      {},
    );
    expect(other.statusCode).toBe(201);
    const page = json((await list(requests)).body) as { nextCursor: string };
    const leased = await centreWork(
      httpEvent(
        'POST',
        '/v1/centres/braunschweig/work/lease',
        { ...(await auth('centre-braunschweig')), 'content-type': 'application/json' },
        '{"max":1}',
      ),
      {},
    );
    const [item] = (json(leased.body) as { items: { leaseToken: string }[] }).items;
    made = { id: String(json(created.body).id), cursor: page.nextCursor, leaseToken: String(item?.leaseToken) };
    expect(made.cursor).toBeTruthy();

    // The rotation: a new current key, the old one kept as previous; then new instances (a fresh bundle import).
    before.secrets.put(KEY_RING_SECRET_ID, JSON.stringify({ current: key(2), previous: key(1) }));
    for (const name of ['requests', 'centre-work'] as const) {
      await bundleFunction(name, join(dir, name));
      after[name] = ((await import(pathToFileURL(join(dir, name, 'index.mjs')).href)) as { handler: Handler }).handler;
    }
  }, BUNDLING_TIMEOUT_MS);
  afterAll(async () => {
    await before?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('replays an idempotent retry of a submission made before it (same key, same body: 201, not 422)', async () => {
    const retried = await submit(after.requests as Handler);
    expect(retried.statusCode).toBe(201);
    expect(retried.headers?.['idempotent-replayed']).toBe('true');
    expect(json(retried.body).id).toBe(made.id);
  });

  it('still refuses the same key with another body after it', async () => {
    const response = await (after.requests as Handler)(
      httpEvent(
        'POST',
        '/v1/cases',
        { ...(await auth('abh-03101')), 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        JSON.stringify(minimalCase()),
      ),
      {},
    );
    expect(response.statusCode).toBe(422);
  });

  it('continues a list with a cursor handed out before it', async () => {
    const next = await list(after.requests as Handler, made.cursor);
    expect(next.statusCode).toBe(200);
    expect((json(next.body) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('settles a lease taken before it', async () => {
    const extended = await settle(after['centre-work'] as Handler, 'extend', made.leaseToken);
    expect(json(extended.body)).toMatchObject({ failed: [] });
    const acked = await settle(after['centre-work'] as Handler, 'ack', made.leaseToken);
    expect(json(acked.body)).toMatchObject({ failed: [] });
  });

  it('reads the new key ring at the cold start of every new instance', () => {
    // Two functions before the rotation, two after it.
    expect(before.secrets.reads()).toBe(4);
  });
});
