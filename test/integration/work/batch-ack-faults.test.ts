import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failTransactionsOf, type WriteFault } from '../../support/faults.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { type Leased, leaseAll, settle } from '../../support/work.ts';

/*
 * A batch ack settles each item on its own, also when the store fails one item's write: the others are
 * written, answered as succeeded and deleted from the queue, and the failed one is answered as failed
 * (retryable), was not written, and can be acked again. Faults only by SDK middleware on the real stores.
 */
describe('a batch ack whose items fail in the store one by one', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    // Every test starts from an empty queue: whatever an earlier test left is acked.
    for (let left = await leaseAll(t, 'braunschweig'); left.length > 0; left = await leaseAll(t, 'braunschweig')) {
      await settle(
        t,
        'braunschweig',
        'ack',
        left.map((i) => i.leaseToken),
      );
    }
  });

  const statusOf = async (clientId: string, id: string) =>
    ((await (await t.call(clientId, `/v1/cases/${id}`)).json()) as { status: string }).status;
  /** Copies of the centre's queue that are in flight (leased, not deleted). */
  const inFlight = async () =>
    ((await (await t.call('admin', '/v1/admin/status')).json()) as { centres: Record<string, { leased: number }> }).centres.braunschweig
      ?.leased;
  const withdraw = async (clientId: string, id: string) => {
    const response = await t.call(clientId, `/v1/cases/${id}/withdraw`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'Ausreise erfolgt' }),
    });
    expect(response.status).toBe(200);
  };
  const submittedItemOf = (items: Leased[], id: string) => {
    const item = items.find((i) => i.subject.id === id && i.type === 'case.submitted');
    if (!item) throw new Error(`no case.submitted item of ${id} leased`);
    return item;
  };

  it('answers 200 per item when one ack conflicts: the delivery of the other is kept and answered, and the failed one is acked again (regression)', async () => {
    // S is still queued (its ack records the delivery); W was withdrawn (its ack goes through the ledger alone).
    const s = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const w = await created(t, 'abh-03102', '/v1/cases', minimalCase());
    await withdraw('abh-03102', w.id);
    const items = await leaseAll(t, 'braunschweig', { leaseSeconds: 300 });
    const [sItem, wItem] = [submittedItemOf(items, s.id), submittedItemOf(items, w.id)];
    expect(await inFlight()).toBe(2);

    const fault = failTransactionsOf(t, new Map([[wItem.workId, 'transaction-conflict']]));
    let answer: Awaited<ReturnType<typeof settle>>;
    try {
      answer = await settle(t, 'braunschweig', 'ack', [sItem.leaseToken, wItem.leaseToken]);
    } finally {
      fault.detach();
    }
    expect(fault.state.injected).toBeGreaterThan(0);
    expect(answer).toEqual({
      succeeded: [{ leaseToken: sItem.leaseToken, workId: sItem.workId }],
      failed: [{ leaseToken: wItem.leaseToken, status: 409, type: '/problems/conflict', title: expect.any(String) }],
    });
    // Right after the answer, not some time later: what the answer says succeeded is written.
    expect(await statusOf('abh-03101', s.id)).toBe('delivered');
    // S's copy is deleted; W's stays leased.
    expect(await inFlight()).toBe(1);

    expect(await settle(t, 'braunschweig', 'ack', [wItem.leaseToken])).toEqual({
      succeeded: [{ leaseToken: wItem.leaseToken, workId: wItem.workId }],
      failed: [],
    });
    expect(await inFlight()).toBe(0);
    // Neither item comes again: only W's withdrawal notice, which waited behind W's submission.
    const left = await leaseAll(t, 'braunschweig');
    expect(left.map((i) => [i.type, i.subject.id])).toEqual([['case.withdrawn', w.id]]);
    await settle(
      t,
      'braunschweig',
      'ack',
      left.map((i) => i.leaseToken),
    );
  });

  it('reports every item of a batch truthfully whichever of its writes fail transiently', async () => {
    const authorities = ['abh-03101', 'abh-03102', 'abh-03241'];
    const kinds: WriteFault[] = ['transaction-conflict', 'throttle', 'fail'];
    const expected = {
      'transaction-conflict': [409, '/problems/conflict'],
      throttle: [503, '/problems/service-unavailable'],
      fail: [503, '/problems/service-unavailable'],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            authority: fc.constantFrom(...authorities),
            withdrawn: fc.boolean(),
            fault: fc.option(fc.constantFrom(...kinds), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        async (plan) => {
          const cases = [];
          for (const p of plan) {
            const c = await created(t, p.authority, '/v1/cases', minimalCase());
            if (p.withdrawn) await withdraw(p.authority, c.id);
            cases.push({ ...p, id: c.id });
          }
          const items = await leaseAll(t, 'braunschweig', { leaseSeconds: 300 });
          const batch = cases.map((c) => ({ ...c, item: submittedItemOf(items, c.id) }));
          // Counted from here, so that copies a failed earlier run left leased do not count.
          const leased = (await inFlight()) ?? 0;
          const faults = new Map(batch.flatMap((b) => (b.fault ? [[b.item.workId, b.fault] as const] : [])));
          const fault = failTransactionsOf(t, faults);
          let answer: Awaited<ReturnType<typeof settle>>;
          try {
            answer = await settle(
              t,
              'braunschweig',
              'ack',
              batch.map((b) => b.item.leaseToken),
            );
          } finally {
            fault.detach();
          }
          const succeeded = new Set(answer.succeeded.map((s) => s.leaseToken));
          for (const b of batch) {
            const failure = answer.failed.find((f) => f.leaseToken === b.item.leaseToken);
            if (b.fault) {
              expect(failure).toMatchObject({ status: expected[b.fault][0], type: expected[b.fault][1] });
              expect(succeeded.has(b.item.leaseToken)).toBe(false);
            } else {
              expect(failure).toBeUndefined();
              expect(succeeded.has(b.item.leaseToken)).toBe(true);
            }
            // Delivered exactly when its ack succeeded (a withdrawn case stays withdrawn).
            expect(await statusOf(b.authority, b.id)).toBe(b.withdrawn ? 'withdrawn' : b.fault ? 'queued' : 'delivered');
          }
          // The copies of the succeeded items are deleted; the failed ones stay leased.
          expect(await inFlight()).toBe(leased - batch.length + faults.size);
          // Each failed item is acked again, now that the store answers.
          if (faults.size > 0) {
            const retried = await settle(
              t,
              'braunschweig',
              'ack',
              answer.failed.map((f) => f.leaseToken),
            );
            expect(retried.failed).toEqual([]);
            expect(retried.succeeded).toHaveLength(faults.size);
          }
          for (const b of batch) if (!b.withdrawn) expect(await statusOf(b.authority, b.id)).toBe('delivered');
          expect(await inFlight()).toBe(leased - batch.length);
          // What is left is the withdrawal notices, never an acked item; acked with anything else this run leased.
          const left = await leaseAll(t, 'braunschweig');
          expect(left.filter((i) => batch.some((b) => b.item.workId === i.workId))).toEqual([]);
          left.push(...items.filter((i) => !batch.some((b) => b.item.leaseToken === i.leaseToken)));
          if (left.length > 0)
            await settle(
              t,
              'braunschweig',
              'ack',
              left.map((i) => i.leaseToken),
            );
        },
      ),
      { numRuns: 8 },
    );
  });

  it("releases and extends per item when one item's ledger write is throttled, and the throttled one can be settled again", async () => {
    const a = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const b = await created(t, 'abh-03102', '/v1/cases', minimalCase());
    const items = await leaseAll(t, 'braunschweig', { leaseSeconds: 60 });
    const [aItem, bItem] = [submittedItemOf(items, a.id), submittedItemOf(items, b.id)];
    const tokens = [aItem.leaseToken, bItem.leaseToken];
    const throttled = { leaseToken: bItem.leaseToken, status: 503, type: '/problems/service-unavailable', title: expect.any(String) };
    for (const [action, extra] of [
      ['extend', { leaseSeconds: 600 }],
      ['release', {}],
    ] as const) {
      const fault = failTransactionsOf(t, new Map([[bItem.workId, 'throttle']]), ['UpdateItemCommand']);
      let answer: Awaited<ReturnType<typeof settle>>;
      try {
        answer = await settle(t, 'braunschweig', action, tokens, extra);
      } finally {
        fault.detach();
      }
      expect(answer.succeeded.map((s) => s.leaseToken)).toEqual([aItem.leaseToken]);
      expect(answer.failed).toEqual([throttled]);
    }
    // A was released: its lease is over. B's lease is still live and can be settled now.
    expect((await settle(t, 'braunschweig', 'ack', tokens)).succeeded.map((s) => s.leaseToken)).toEqual([bItem.leaseToken]);
  });
});
