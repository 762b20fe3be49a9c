import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Centre } from '../../../functions/core/centres.ts';
import { auditItems, sequenceAll, verifyLog } from '../../support/audit.ts';
import { DYNAMODB_WRITES, injectFaults, SQS_CALLS } from '../../support/chaos.ts';
import { History } from '../../support/history.ts';
import { minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

const MUNICIPALITIES = [
  { clientId: 'abh-03101', centre: 'braunschweig' },
  { clientId: 'abh-03241', centre: 'braunschweig' },
  { clientId: 'abh-03404', centre: 'osnabrueck' },
] as const;
const CASES_PER_MUNICIPALITY = 8;
const RETRYABLE = new Set([409, 429, 503, 500]);

/**
 * A run under faults: municipalities hand over cases (and withdraw every third) while both centres
 * lease and ack and the relay runs, with 15 % of the SQS calls and DynamoDB writes failing, throttled,
 * conflicting or losing their answer. Clients retry with the same Idempotency-Key, as the contract
 * asks. Then the faults stop, the relay and the centres catch up, and the history is checked, the
 * exchange log too: chained by the sequencer, it verifies.
 */
describe('nothing accepted is lost, duplicated or misdelivered under faults', { timeout: 240_000 }, () => {
  let t: TestApp;
  const history = new History();
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Calls until the answer is final (not 409/429/503, and a 500 is recorded as a violation and retried). */
  async function untilFinal(call: () => Promise<Response>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const response = await call();
      history.answer(response.status);
      const problem = response.status >= 400 ? ((await response.clone().json()) as { type?: string }) : {};
      if (!RETRYABLE.has(response.status) || problem.type === '/problems/invalid-transition' || attempt >= 40) return response;
      await sleep(20 * attempt);
    }
  }

  async function municipality(clientId: string, centre: Centre) {
    for (let n = 0; n < CASES_PER_MUNICIPALITY; n++) {
      const key = crypto.randomUUID();
      const body = JSON.stringify(minimalCase());
      const answer = await untilFinal(() => t.call(clientId, '/v1/cases', { method: 'POST', body, headers: { 'Idempotency-Key': key } }));
      expect(answer.status).toBe(201);
      const { id } = (await answer.json()) as { id: string };
      history.accepted.set(id, { id, centre, municipality: clientId, withdrawn: false });
      if (n % 3 !== 2) continue;
      const withdrawal = await untilFinal(() =>
        t.call(clientId, `/v1/cases/${id}/withdraw`, { method: 'POST', body: JSON.stringify({ reason: 'Aufenthaltserlaubnis erteilt' }) }),
      );
      // A retry of a withdrawal that committed though its answer was lost finds the case withdrawn (409).
      expect([200, 409]).toContain(withdrawal.status);
      (history.accepted.get(id) as { withdrawn: boolean }).withdrawn = true;
    }
  }

  async function centreRound(centre: Centre): Promise<number> {
    const response = await t.call(`centre-${centre}`, `/v1/centres/${centre}/work/lease`, {
      method: 'POST',
      body: JSON.stringify({ max: 5, leaseSeconds: 30 }),
    });
    history.answer(response.status);
    if (response.status !== 200) return 0;
    const { items } = (await response.json()) as { items: { workId: string; type: string; subject: { id: string }; leaseToken: string }[] };
    history.lease(centre, items);
    if (items.length === 0) return 0;
    // As a centre system does: tokens that failed with 503 (the delivery could not be recorded) are acked again.
    let pending = items.map((i) => i.leaseToken);
    for (let attempt = 1; pending.length > 0 && attempt <= 20; attempt++) {
      const body = JSON.stringify({ leaseTokens: pending });
      const answer = await untilFinal(() => t.call(`centre-${centre}`, `/v1/centres/${centre}/work/ack`, { method: 'POST', body }));
      if (answer.status !== 200) break;
      const { failed } = (await answer.json()) as { failed: { leaseToken: string; status: number }[] };
      pending = failed.filter((f) => f.status === 503).map((f) => f.leaseToken);
      if (pending.length > 0) await sleep(20 * attempt);
    }
    return items.length;
  }

  it('keeps every promise of the history once the relay has caught up', async () => {
    const chaos = injectFaults(t.runtime.clients, { rate: 0.15, operations: new Set([...SQS_CALLS, ...DYNAMODB_WRITES]), seed: 12 });
    let running = true;
    const background = Promise.all([
      ...(['braunschweig', 'osnabrueck'] as const).map(async (centre) => {
        while (running) if ((await centreRound(centre)) === 0) await sleep(100);
      }),
      (async () => {
        while (running) {
          await t.services.dispatcher.relay().catch(() => undefined);
          await sleep(300);
        }
      })(),
    ]);
    await Promise.all(MUNICIPALITIES.map((m) => municipality(m.clientId, m.centre)));
    running = false;
    await background;
    chaos.on = false;
    expect(Object.values(chaos.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

    // Catch-up: the relay sends what is pending; leases that faults left hanging run out (30 s) and come again.
    const deadline = Date.now() + 120_000;
    while (history.missing().length > 0 && Date.now() < deadline) {
      await t.services.dispatcher.relay();
      const got = (await centreRound('braunschweig')) + (await centreRound('osnabrueck'));
      if (got === 0) await sleep(1000);
    }
    while ((await centreRound('braunschweig')) + (await centreRound('osnabrueck')) > 0);

    const stored = (await scanTable(t, 'data')).filter((i) => i.sk === 'META').map((i) => String(i.id));
    expect(history.missing()).toEqual([]);
    expect(history.violations(stored)).toEqual([]);
    for (const c of history.accepted.values()) {
      const response = await t.call(c.municipality, `/v1/cases/${c.id}`);
      expect(((await response.json()) as { status: string }).status).toBe(c.withdrawn ? 'withdrawn' : 'delivered');
    }

    // The exchange log: once the sequencer has chained everything, the chain holds each accepted creation
    // once and verifies from its first entry to its head.
    expect(await sequenceAll(t)).toBeGreaterThan(0);
    const chained = await auditItems(t.runtime.clients.doc, t.runtime.resources.tables.audit.name, 'CHAIN#');
    const creations = chained.filter((e) => e.action === 'cases.create' && e.outcome === 'success');
    expect(creations.map((e) => (e.subject as { id: string }).id).sort()).toEqual([...history.accepted.keys()].sort());
    const verification = await verifyLog(t);
    expect(verification).toMatchObject({ ok: true, firstBrokenSeq: null, problem: null, headSeq: chained.length });
    expect(verification.checked).toBe(chained.length);
  });
});
