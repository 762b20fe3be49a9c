import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { expireOnQueue, lease, leaseAll, settle, testClock } from '../../support/work.ts';

describe('centres lease and acknowledge their work', () => {
  let t: TestApp;
  const clock = testClock();
  beforeAll(async () => {
    t = await createTestApp({ clock: clock.now });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // Every test starts from an empty queue: whatever an earlier test left is acked.
    const left = await leaseAll(t, 'braunschweig');
    if (left.length > 0)
      await settle(
        t,
        'braunschweig',
        'ack',
        left.map((i) => i.leaseToken),
      );
  });

  it('hands a submitted case to its centre with the resource, and never again once acked', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item, ...more] = await lease(t, 'braunschweig', { max: 10, leaseSeconds: 60 });
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      type: 'case.submitted',
      subject: { type: 'case', id: submitted.id },
      deliveryCount: 1,
      resource: { id: submitted.id, status: 'queued', person: { familyName: 'Beispiel' } },
    });
    expect(Date.parse(item?.leaseExpiresAt ?? '') - clock.now().getTime()).toBeGreaterThan(55_000);
    const acked = await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? '']);
    expect(acked).toEqual({ succeeded: [{ leaseToken: item?.leaseToken, workId: item?.workId }], failed: [] });
    expect(await leaseAll(t, 'braunschweig')).toEqual([]);
  });

  it('answers a second ack of the same lease with 409 for that token', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    const token = item?.leaseToken ?? '';
    await settle(t, 'braunschweig', 'ack', [token]);
    expect(await settle(t, 'braunschweig', 'ack', [token])).toEqual({
      succeeded: [],
      failed: [{ leaseToken: token, status: 409, type: '/problems/lease-expired', title: expect.any(String) }],
    });
  });

  it('redelivers an item whose lease ran out, with the same workId, and refuses the stale token with 409', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [first] = await lease(t, 'braunschweig', { leaseSeconds: 30 });
    clock.advance(31_000);
    await expireOnQueue(t, 'braunschweig', first?.leaseToken ?? '');
    // Past its expiry the old token is dead, even before anyone leased the item again.
    expect((await settle(t, 'braunschweig', 'ack', [first?.leaseToken ?? ''])).failed).toMatchObject([{ status: 409 }]);
    const [again] = await lease(t, 'braunschweig', { leaseSeconds: 30 });
    expect(again).toMatchObject({ workId: first?.workId, deliveryCount: 2 });
    expect(again?.leaseToken).not.toBe(first?.leaseToken);
    expect((await settle(t, 'braunschweig', 'ack', [again?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('does not make the case delivered when the ack fails because the lease ran out', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [first] = await lease(t, 'braunschweig', { leaseSeconds: 30 });
    clock.advance(31_000);
    expect((await settle(t, 'braunschweig', 'ack', [first?.leaseToken ?? ''])).failed).toMatchObject([{ status: 409 }]);
    const read = (await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as { status: string };
    expect(read.status).toBe('queued');
    await expireOnQueue(t, 'braunschweig', first?.leaseToken ?? '');
    const [again] = await lease(t, 'braunschweig');
    await settle(t, 'braunschweig', 'ack', [again?.leaseToken ?? '']);
    expect(((await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as { status: string }).status).toBe('delivered');
  });

  it('answers 503 for a token whose delivery cannot be recorded, writing neither the delivery nor the ack, and a second ack succeeds', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    const outage = { down: true };
    t.runtime.clients.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (outage.down && context.commandName === 'TransactWriteItemsCommand') {
          throw Object.assign(new Error('injected outage'), { name: 'InternalServerError', $fault: 'server' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'deliveryOutage' },
    );
    try {
      const failed = await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? '']);
      expect(failed).toMatchObject({ succeeded: [], failed: [{ leaseToken: item?.leaseToken, status: 503 }] });
      expect(((await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as { status: string }).status).toBe('queued');
    } finally {
      outage.down = false;
      t.runtime.clients.dynamo.middlewareStack.remove('deliveryOutage');
    }
    expect((await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? ''])).succeeded).toHaveLength(1);
    expect(((await (await t.call('abh-03101', `/v1/cases/${submitted.id}`)).json()) as { status: string }).status).toBe('delivered');
    expect(await leaseAll(t, 'braunschweig')).toEqual([]);
  });

  it('refuses a token superseded by a newer lease of the same item with 409, even before it expired', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [first] = await lease(t, 'braunschweig', { leaseSeconds: 600 });
    // The queue hands the copy out again (e.g. its visibility ran out early): the newer lease wins.
    await expireOnQueue(t, 'braunschweig', first?.leaseToken ?? '');
    const [second] = await lease(t, 'braunschweig');
    expect(second?.workId).toBe(first?.workId);
    expect((await settle(t, 'braunschweig', 'ack', [first?.leaseToken ?? ''])).failed).toMatchObject([{ status: 409 }]);
    expect((await settle(t, 'braunschweig', 'ack', [second?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('settles each token on its own: one live, one acked, one garbled', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await created(t, 'abh-03102', '/v1/cases', minimalCase());
    const items = await leaseAll(t, 'braunschweig');
    expect(items).toHaveLength(2);
    const [a, b] = items.map((i) => i.leaseToken) as [string, string];
    await settle(t, 'braunschweig', 'ack', [a]);
    const result = await settle(t, 'braunschweig', 'ack', [a, 'not-a-token', b]);
    expect(result.succeeded.map((s) => s.leaseToken)).toEqual([b]);
    expect(result.failed).toEqual([
      { leaseToken: a, status: 409, type: '/problems/lease-expired', title: expect.any(String) },
      { leaseToken: 'not-a-token', status: 404, type: '/problems/not-found', title: expect.any(String) },
    ]);
  });

  it("fails another centre's lease token per item with 404, on the caller's own path", async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    expect(item?.subject.id).toBe(submitted.id);
    for (const action of ['ack', 'release', 'extend'] as const) {
      const result = await settle(t, 'osnabrueck', action, [item?.leaseToken ?? ''], action === 'extend' ? { leaseSeconds: 60 } : {});
      expect(result).toEqual({ succeeded: [], failed: [expect.objectContaining({ status: 404 })] });
    }
    // The misuse changed nothing: the lease is still Braunschweig's to ack.
    expect((await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('refuses a tampered token', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    const token = item?.leaseToken ?? '';
    const tampered = `${token.slice(0, -6)}${token.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'}`;
    expect((await settle(t, 'braunschweig', 'ack', [tampered])).failed).toMatchObject([{ status: 404 }]);
    await settle(t, 'braunschweig', 'ack', [token]);
  });

  it('hands out the items of one case in order: the withdrawal never before or without the submission, except together in order', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const withdraw = await t.call('abh-03101', `/v1/cases/${submitted.id}/withdraw`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Ausreise erfolgt' }),
    });
    expect(withdraw.status).toBe(200);
    const first = await lease(t, 'braunschweig', { max: 10 });
    expect(first[0]?.type).toBe('case.submitted');
    if (first.length === 2) {
      // SQS may hand several items of one group out together: then in their order.
      expect(first.map((i) => i.type)).toEqual(['case.submitted', 'case.withdrawn']);
      await settle(
        t,
        'braunschweig',
        'ack',
        first.map((i) => i.leaseToken),
      );
      return;
    }
    expect(first).toHaveLength(1);
    // While the submission is leased, the withdrawal waits.
    expect(await lease(t, 'braunschweig', { max: 10 })).toEqual([]);
    await settle(t, 'braunschweig', 'ack', [first[0]?.leaseToken ?? '']);
    const second = await lease(t, 'braunschweig', { max: 10 });
    expect(second.map((i) => i.type)).toEqual(['case.withdrawn']);
    expect(second[0]?.resource).toMatchObject({ id: submitted.id, status: 'withdrawn' });
    await settle(t, 'braunschweig', 'ack', [second[0]?.leaseToken ?? '']);
  });

  it('shows queued and leased work in the admin status', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await created(t, 'abh-03102', '/v1/cases', minimalCase());
    const status = async () =>
      ((await (await t.call('admin', '/v1/admin/status')).json()) as { centres: Record<string, Record<string, number>> }).centres;
    expect((await status()).braunschweig).toMatchObject({ queued: 2, leased: 0, deadLettered: 0 });
    const [item] = await lease(t, 'braunschweig', { max: 1 });
    clock.advance(5_000);
    const during = (await status()).braunschweig;
    expect(during).toMatchObject({ queued: 1, leased: 1 });
    expect(during?.oldestWaitingAgeSeconds).toBeGreaterThanOrEqual(5);
    await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? '']);
  });

  it('answers 422 for lease options outside the contract', async () => {
    for (const body of [{ max: 0 }, { max: 11 }, { leaseSeconds: 29 }, { leaseSeconds: 901 }, { waitSeconds: 21 }, { extra: 1 }]) {
      const response = await t.call('centre-braunschweig', '/v1/centres/braunschweig/work/lease', {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const empty = await t.call('centre-braunschweig', '/v1/centres/braunschweig/work/ack', {
      method: 'POST',
      body: JSON.stringify({ leaseTokens: [] }),
    });
    expect(empty.status).toBe(422);
  });
});
