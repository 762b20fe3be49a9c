import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chaos, type FaultKind, injectFaults } from '../../support/chaos.ts';
import { created, type Json, minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, settle } from '../../support/work.ts';

/**
 * DynamoDB Local never reports contention; real DynamoDB does (`TransactionConflict`). Injected by SDK
 * middleware into every call of one kind, each must be answered 409 or 503 with Retry-After, never 500,
 * and the Idempotency-Key must work for the retry once the fault is gone.
 */
describe('contention and store faults are retryable answers, never a 500', () => {
  let t: TestApp;
  let chaos: Chaos | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterEach(() => chaos?.detach());
  afterAll(() => t.close());

  const always = (operation: string, kind: FaultKind) => {
    chaos = injectFaults(t.runtime.clients, { rate: 1, operations: new Set([operation]), seed: 1, kinds: [kind] });
    return chaos;
  };
  const expectRetryable = async (response: Response, status: 409 | 503) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const problem = (await response.json()) as { type: string; detail: string };
    expect(problem.type).toBe(status === 409 ? '/problems/conflict' : '/problems/service-unavailable');
    expect(problem.detail).not.toMatch(/injected|Transaction|Exception/);
  };

  it('answers a submission whose transaction keeps conflicting 409 with Retry-After; the key then creates the case', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    const fault = always('TransactWriteItems', 'transaction-conflict');
    await expectRetryable(await submit(t, 'abh-03101', '/v1/cases', body, key), 409);
    expect(fault.injected['TransactWriteItems transaction-conflict']).toBe(3); // the store's own attempts, then the answer
    fault.on = false;
    const retry = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a throttled submission 503 with Retry-After; the key then creates the case', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    always('TransactWriteItems', 'throttle');
    await expectRetryable(await submit(t, 'abh-03101', '/v1/cases', body, key), 503);
    (chaos as Chaos).on = false;
    expect((await submit(t, 'abh-03101', '/v1/cases', body, key)).status).toBe(201);
  });

  it('answers 503 when the answer of a committed submission is lost, and the retry replays the one case it made', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    always('TransactWriteItems', 'lost-answer');
    await expectRetryable(await submit(t, 'abh-03101', '/v1/cases', body, key), 503);
    (chaos as Chaos).on = false;
    const retry = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const { items } = (await (await t.call('abh-03101', `/v1/cases?municipalReference=${body.municipalReference}`)).json()) as {
      items: Json[];
    };
    expect(items.map((i) => i.id)).toEqual([((await retry.json()) as Json).id]);
  });

  it('answers an ack whose ledger write meets a TransactionConflictException 409 with Retry-After; the ack then succeeds', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const items = await lease(t, 'braunschweig', { max: 10 });
    expect(items.length).toBeGreaterThan(0);
    always('UpdateItem', 'conflict-exception');
    const response = await t.call('centre-braunschweig', '/v1/centres/braunschweig/work/ack', {
      method: 'POST',
      body: JSON.stringify({ leaseTokens: items.map((i) => i.leaseToken) }),
    });
    await expectRetryable(response, 409);
    (chaos as Chaos).on = false;
    const again = await settle(
      t,
      'braunschweig',
      'ack',
      items.map((i) => i.leaseToken),
    );
    expect(again.succeeded).toHaveLength(items.length);
  });

  it('answers a withdrawal whose transaction keeps conflicting 409 with Retry-After; the key then withdraws', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const withdraw = () =>
      t.call('abh-03101', `/v1/cases/${resource.id}/withdraw`, {
        method: 'POST',
        headers: { 'Idempotency-Key': `withdraw-${resource.id}` },
        body: JSON.stringify({ reason: 'Aufenthaltserlaubnis erteilt' }),
      });
    always('TransactWriteItems', 'transaction-conflict');
    await expectRetryable(await withdraw(), 409);
    (chaos as Chaos).on = false;
    const retry = await withdraw();
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Json).status).toBe('withdrawn');
  });
});
