import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, composeServices } from '../../functions/entry/compose.ts';
import { countAwsCalls } from '../support/aws-calls.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { testClock } from '../support/work.ts';

const WINDOW_SECONDS = 60;

describe('per-client rate limit (429 with Retry-After), shared across processes', () => {
  const clock = testClock();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ rateLimit: { limit: 40, windowSeconds: WINDOW_SECONDS }, clock: clock.now });
  });
  afterAll(() => t.close());

  /** A second process over the same tables: its own services and limiter, the same stores and identity. */
  const secondProcess = () => composeApp(t.runtime, [], composeServices(t.runtime));
  const get = async (app: TestApp['app'], clientId: string) =>
    app.request('/v1/routing-table', { headers: { Authorization: `Bearer ${await t.token(clientId)}` } });

  it('answers 429 problem+json with Retry-After once a client has used its allowance, and only for that client', async () => {
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 45; i++) {
      const response = await get(t.app, 'abh-03404');
      statuses.push(response.status);
      if (response.status === 429) refused ??= response;
    }
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(40).every((s) => s === 429)).toBe(true);
    expect(refused?.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused?.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect((await get(t.app, 'abh-03459')).status).toBe(200);
  });

  it('admits the client again in the next window', async () => {
    while ((await get(t.app, 'abh-03241')).status === 200);
    clock.advance(WINDOW_SECONDS * 1000);
    expect((await get(t.app, 'abh-03241')).status).toBe(200);
  });

  it('holds across processes: two apps over the same table admit one allowance between them', async () => {
    const apps = [t.app, secondProcess()];
    const admitted = [0, 0];
    for (let i = 0; i < 80; i++) {
      const which = i % 2;
      if ((await get(apps[which] as TestApp['app'], 'abh-03101')).status === 200) admitted[which] = (admitted[which] ?? 0) + 1;
    }
    const total = (admitted[0] ?? 0) + (admitted[1] ?? 0);
    // A process reserves points in chunks (here at most 2): what one reserved and did not use is lost to the other.
    expect(total).toBeLessThanOrEqual(40);
    expect(total).toBeGreaterThanOrEqual(38);
    expect(admitted[0]).toBeGreaterThan(0);
    expect(admitted[1]).toBeGreaterThan(0);
  });

  it('costs the shared store one write per reserved chunk, not one per request', async () => {
    const busy = await createTestApp({ rateLimit: { limit: 1000, windowSeconds: WINDOW_SECONDS } });
    try {
      const calls = countAwsCalls(busy.runtime.clients);
      for (let i = 0; i < 120; i++) expect((await busy.call('abh-03102', '/v1/routing-table')).status).toBe(200);
      // Chunks of 1, 2, 4, 8, 16, 32, then 50 (a twentieth of the limit): 8 writes for 120 requests.
      expect(calls.counts()).toEqual({ UpdateItem: 8 });
    } finally {
      await busy.close();
    }
  });
});
