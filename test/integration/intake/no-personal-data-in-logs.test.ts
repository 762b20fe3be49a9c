import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../../support/log-capture.ts';
import { created, minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('log lines', () => {
  const { logger, lines } = captureLogs();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ logger });
  });
  afterAll(() => t.close());

  it('carry ids only: no names, birth dates or bodies, also for refused and failed requests', async () => {
    const body = minimalCase();
    const resource = await created(t, 'abh-03101', '/v1/cases', body);
    await t.call('abh-03101', `/v1/cases/${resource.id}`);
    await submit(t, 'abh-03101', '/v1/cases', body); // 409 duplicate
    await submit(
      t,
      'abh-03101',
      '/v1/cases',
      minimalCase({ municipalReference: body.municipalReference as string, person: { familyName: 'Бейспиль' } }),
    ); // 422
    await t.call('abh-03101', '/v1/cases', {
      method: 'POST',
      body: '{"person": {"familyName": "Beispiel"',
      headers: { 'Idempotency-Key': 'x' },
    }); // 400
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toMatch(/Beispiel|Бейспиль|Amal|1990-04-12|abh@example\.org/);
    expect(all).toContain(resource.id);
  });
});
