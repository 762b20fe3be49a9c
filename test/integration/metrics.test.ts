import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPowertoolsMetrics } from '../../functions/adapters/powertools-metrics.ts';
import type { CounterName, Metrics } from '../../functions/core/ports/metrics.ts';
import { composeApp } from '../../functions/entry/compose.ts';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';

/** Counts what the app reports, by counter. */
function recorder() {
  const counts: Partial<Record<CounterName, number>> = {};
  const metrics: Metrics = {
    count: (name, value = 1) => {
      counts[name] = (counts[name] ?? 0) + value;
    },
    gauge: () => undefined,
  };
  return { counts, metrics };
}

describe('the counters of submissions, leases, acks and refusals', () => {
  let t: TestApp;
  const { counts, metrics } = recorder();
  let app: ReturnType<typeof composeApp>;
  const call = async (clientId: string | undefined, path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (clientId) headers.set('Authorization', `Bearer ${await t.token(clientId)}`);
    if (init.body) headers.set('Content-Type', 'application/json');
    return app.request(path, { ...init, headers });
  };

  beforeAll(async () => {
    t = await createTestApp();
    app = composeApp({ ...t.runtime, metrics });
  });
  afterAll(() => t.close());

  it('counts an accepted submission once, not its idempotent replay', async () => {
    const init = { method: 'POST', body: JSON.stringify(minimalCase()), headers: { 'Idempotency-Key': crypto.randomUUID() } };
    expect((await call('abh-03101', '/v1/cases', init)).status).toBe(201);
    expect((await call('abh-03101', '/v1/cases', init)).status).toBe(201);
    expect(counts.Submissions).toBe(1);
  });

  it('counts the items leased and acked', async () => {
    const leased = await call('centre-braunschweig', '/v1/centres/braunschweig/work/lease', { method: 'POST', body: '{"max":10}' });
    const { items } = (await leased.json()) as { items: { leaseToken: string }[] };
    expect(items.length).toBeGreaterThan(0);
    expect(counts.Leases).toBe(items.length);
    const body = JSON.stringify({ leaseTokens: items.map((i) => i.leaseToken) });
    await call('centre-braunschweig', '/v1/centres/braunschweig/work/ack', { method: 'POST', body });
    expect(counts.Acks).toBe(items.length);
  });

  it('counts every refusal: no token, the wrong role, another tenant', async () => {
    const before = counts.Refusals ?? 0;
    expect((await call(undefined, '/v1/cases')).status).toBe(401);
    expect((await call('admin', '/v1/events')).status).toBe(403);
    expect((await call('centre-osnabrueck', '/v1/centres/braunschweig/work/lease', { method: 'POST', body: '{}' })).status).toBe(404);
    expect(counts.Refusals).toBe(before + 3);
  });
});

describe('the metrics on Lambda (Powertools, embedded metric format)', () => {
  const lines: string[] = [];
  afterEach(() => vi.restoreAllMocks());

  it('writes the counters of an invocation as one EMF line in the namespace, with the service dimension', () => {
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const metrics = createPowertoolsMetrics('rueckkehr-test');
    metrics.count('Submissions');
    metrics.count('Submissions');
    metrics.flush();
    metrics.gauge('OldestPendingOutboxAgeSeconds', 'osnabrueck', 42);
    const emf = lines.map(
      (line) =>
        JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] } },
    );
    const counters = emf.find((e) => 'Submissions' in e);
    expect(counters?._aws.CloudWatchMetrics[0]?.Namespace).toBe('RueckkehrExchange');
    expect(counters).toMatchObject({ service: 'rueckkehr-test' });
    expect([counters?.Submissions].flat().reduce((a: number, b) => a + Number(b), 0)).toBe(2);
    const gauge = emf.find((e) => 'OldestPendingOutboxAgeSeconds' in e);
    expect(gauge).toMatchObject({ service: 'rueckkehr-test', Centre: 'osnabrueck', OldestPendingOutboxAgeSeconds: 42 });
  });

  it('writes nothing when nothing was counted', () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    createPowertoolsMetrics('rueckkehr-test').flush();
    expect(spy).not.toHaveBeenCalled();
  });
});
