import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Chaos, type FaultKind, injectFaults } from '../../support/chaos.ts';
import { created, type Json, minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, leaseAll, settle } from '../../support/work.ts';

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

  /** A withdrawal of the case with the same Idempotency-Key every time (a retry). */
  const withdrawWithKey = (id: string) =>
    t.call('abh-03101', `/v1/cases/${id}/withdraw`, {
      method: 'POST',
      headers: { 'Idempotency-Key': `withdraw-${id}` },
      body: JSON.stringify({ reason: 'Aufenthaltserlaubnis erteilt' }),
    });

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

  it('answers an ack whose write keeps meeting transaction conflicts with a retryable 409 per token, writing nothing; the ack then succeeds', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const items = (await lease(t, 'braunschweig', { max: 10 })).filter((i) => i.subject.id === submitted.id);
    expect(items).toHaveLength(1);
    // The delivery, the ledger's ack and the ack's log entry are one transaction: it conflicts every time.
    always('TransactWriteItems', 'transaction-conflict');
    const failed = await settle(
      t,
      'braunschweig',
      'ack',
      items.map((i) => i.leaseToken),
    );
    expect(failed).toMatchObject({ succeeded: [], failed: [{ status: 409, type: '/problems/conflict' }] });
    (chaos as Chaos).on = false;
    expect(((await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as Json).status).toBe('queued');
    const again = await settle(
      t,
      'braunschweig',
      'ack',
      items.map((i) => i.leaseToken),
    );
    expect(again.succeeded).toHaveLength(1);
    expect(((await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as Json).status).toBe('delivered');
  });

  it('answers an ack of a withdrawal (no delivery) whose write meets transaction conflicts with a retryable 409 per token; the ack then succeeds', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const submitted = (await leaseAll(t, 'braunschweig')).filter((i) => i.subject.id === resource.id);
    expect((await settle(t, 'braunschweig', 'ack', [submitted[0]?.leaseToken ?? ''])).succeeded).toHaveLength(1);
    const withdraw = await t.call('abh-03101', `/v1/cases/${resource.id}/withdraw`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Aufenthaltserlaubnis erteilt' }),
    });
    expect(withdraw.status).toBe(200);
    const items = (await leaseAll(t, 'braunschweig')).filter((i) => i.subject.id === resource.id);
    expect(items.map((i) => i.type)).toEqual(['case.withdrawn']);
    always('TransactWriteItems', 'transaction-conflict');
    // Each token of an ack succeeds or fails on its own: the call is answered 200 with the token failed.
    const failed = await settle(t, 'braunschweig', 'ack', [items[0]?.leaseToken ?? '']);
    expect(failed).toMatchObject({ succeeded: [], failed: [{ status: 409, type: '/problems/conflict' }] });
    (chaos as Chaos).on = false;
    expect((await settle(t, 'braunschweig', 'ack', [items[0]?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('answers a withdrawal whose transaction keeps conflicting 409 with Retry-After; the key then withdraws', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const withdraw = () => withdrawWithKey(resource.id);
    always('TransactWriteItems', 'transaction-conflict');
    await expectRetryable(await withdraw(), 409);
    (chaos as Chaos).on = false;
    const retry = await withdraw();
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Json).status).toBe('withdrawn');
  });

  // Single-item writes (PutItem, UpdateItem) that meet a transaction on the same item get
  // TransactionConflictException from real DynamoDB; nothing of them is written.

  it('answers a read whose log entry meets a transaction on the same item 409 with Retry-After; the read then succeeds', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const fault = always('PutItem', 'conflict-exception');
    // No personal data goes out without the entry that logs it.
    await expectRetryable(await t.call('abh-03101', `/v1/cases/${resource.id}`), 409);
    expect(fault.injected['PutItem conflict-exception']).toBe(1);
    fault.on = false;
    const retry = await t.call('abh-03101', `/v1/cases/${resource.id}`);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as Json).municipalReference).toBe(resource.municipalReference);
  });

  it('answers a replayed submission whose log entry meets a transaction 409 with Retry-After; the key then replays the one case', async () => {
    const key = crypto.randomUUID();
    const body = minimalCase();
    const first = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as Json;
    const fault = always('PutItem', 'conflict-exception');
    await expectRetryable(await submit(t, 'abh-03101', '/v1/cases', body, key), 409);
    expect(fault.injected['PutItem conflict-exception']).toBe(1);
    fault.on = false;
    const retry = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as Json).id).toBe(id);
  });

  it('answers a withdrawal whose idempotency claim meets a transaction 409 with Retry-After; the key then withdraws', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const withdraw = () => withdrawWithKey(resource.id);
    const fault = always('PutItem', 'conflict-exception');
    await expectRetryable(await withdraw(), 409);
    expect(fault.injected['PutItem conflict-exception']).toBe(1);
    fault.on = false;
    expect(((await (await t.call('abh-03101', `/v1/cases/${resource.id}`)).json()) as Json).status).toBe('queued');
    const retry = await withdraw();
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(((await retry.json()) as Json).status).toBe('withdrawn');
  });

  it('answers a lease whose ledger write meets a transaction 409 with Retry-After, handing out nothing; the next lease hands the item out', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const fault = always('UpdateItem', 'conflict-exception');
    const response = await t.call('centre-braunschweig', '/v1/centres/braunschweig/work/lease', {
      method: 'POST',
      body: JSON.stringify({ max: 10 }),
    });
    await expectRetryable(response, 409);
    expect(fault.injected['UpdateItem conflict-exception']).toBeGreaterThanOrEqual(1);
    fault.on = false;
    // The failed lease made its copies visible again (after a second, the adapter's shortest) and recorded no delivery.
    const items = (await leaseAll(t, 'braunschweig', { waitSeconds: 2 })).filter((i) => i.subject.id === resource.id);
    expect(items.map((i) => [i.type, i.deliveryCount])).toEqual([['case.submitted', 1]]);
    expect((await settle(t, 'braunschweig', 'ack', [items[0]?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('answers a release whose ledger write meets a transaction with a retryable 409 for its token; the lease stays live and the release then succeeds', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const items = (await leaseAll(t, 'braunschweig')).filter((i) => i.subject.id === resource.id);
    expect(items).toHaveLength(1);
    const leaseToken = items[0]?.leaseToken ?? '';
    const fault = always('UpdateItem', 'conflict-exception');
    const failed = await settle(t, 'braunschweig', 'release', [leaseToken]);
    expect(failed).toMatchObject({ succeeded: [], failed: [{ leaseToken, status: 409, type: '/problems/conflict' }] });
    expect(fault.injected['UpdateItem conflict-exception']).toBe(1);
    fault.on = false;
    expect((await settle(t, 'braunschweig', 'release', [leaseToken])).succeeded).toHaveLength(1);
  });
});
