import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWalkthrough } from '../../tools/walkthrough/walkthrough.ts';
import { created, minimalCase } from '../support/requests.ts';
import { createTestApp, DEV_SECRET, type TestApp } from '../support/runtime.ts';
import { leaseAll } from '../support/work.ts';

describe('npm run walkthrough (the README walk-through through the typed client)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('hands over the README minimal case, reads it, leases and acks it as the centre, and finds the delivery in the feed', async () => {
    const lines: string[] = [];
    const result = await runWalkthrough({ baseUrl: t.base, clientSecret: DEV_SECRET, log: (line) => lines.push(line) });
    expect(result.status).toBe('delivered');
    expect(result.feedEvent).toMatchObject({ type: 'case.status_changed', subject: { type: 'case', id: result.caseId } });
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/^2\. POST \/v1\/cases: 201, case \S+ queued, routed to braunschweig \(authority-default\)$/);
    expect(lines[3]).toMatch(/^4\. centre-braunschweig leased case\.submitted/);
    // No personal data in what it prints: ids, statuses and types only.
    expect(lines.join('\n')).not.toMatch(/Beispiel|Amal|1990-04-12/);
  }, 60_000);

  it("leaves a busy centre's work alone: another request's item is not leased and keeps its delivery count", async () => {
    const other = await created(t, 'abh-03241', '/v1/cases', minimalCase({ municipalReference: `WALK-${crypto.randomUUID()}` }));
    const lines: string[] = [];
    const result = await runWalkthrough({ baseUrl: t.base, clientSecret: DEV_SECRET, log: (line) => lines.push(line) });
    expect(result.feedEvent).toBeUndefined();
    expect(result.status).toBe('queued');
    expect(lines[3]).toMatch(/^4\. skipped: 1 other work items wait at braunschweig/);
    const waiting = await leaseAll(t, 'braunschweig', { max: 10 });
    expect(waiting.find((i) => i.subject.id === other.id)?.deliveryCount).toBe(1);
    expect(waiting.map((i) => i.subject.id)).toContain(result.caseId);
  }, 60_000);

  it('names the step that fails, here the token request with a wrong secret', async () => {
    await expect(runWalkthrough({ baseUrl: t.base, clientSecret: 'wrong', log: () => undefined })).rejects.toThrow(
      /token for abh-03101: 401/,
    );
  });
});
