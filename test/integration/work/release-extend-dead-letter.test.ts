import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extendedLease, MAX_LEASE_SPAN_MS, releaseDelay } from '../../../functions/core/work/lease-window.ts';
import type { WorkMessage } from '../../../schemas/work-message.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, receiptOf, settle, testClock } from '../../support/work.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('release, extend, dead letters and late copies', () => {
  // Each test gets its own tables and queues: they move the clock and leave leases open.
  let t: TestApp;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => {
    clock = testClock();
    t = await createTestApp({ clock: clock.now });
  });
  afterEach(() => t.close());

  it('hands a released item out again at once, as a further delivery', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [first] = await lease(t, 'braunschweig');
    expect((await settle(t, 'braunschweig', 'release', [first?.leaseToken ?? ''])).succeeded).toHaveLength(1);
    // "At once" is a second later (see SqsWorkQueue.setVisibility): a short long poll picks it up.
    const [again] = await lease(t, 'braunschweig', { waitSeconds: 3 });
    expect(again).toMatchObject({ workId: first?.workId, deliveryCount: 2 });
    // A released lease is over: its token settles nothing any more.
    expect((await settle(t, 'braunschweig', 'ack', [first?.leaseToken ?? ''])).failed).toMatchObject([{ status: 409 }]);
  });

  it('holds a released item back for delaySeconds', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [first] = await lease(t, 'braunschweig');
    await settle(t, 'braunschweig', 'release', [first?.leaseToken ?? ''], { delaySeconds: 2 });
    expect(await lease(t, 'braunschweig')).toEqual([]);
    await sleep(2_200);
    expect((await lease(t, 'braunschweig')).map((i) => i.workId)).toEqual([first?.workId]);
  });

  it('extends a lease to leaseSeconds from now and keeps the item hidden meanwhile', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig', { leaseSeconds: 30 });
    clock.advance(20_000);
    const extended = await settle(t, 'braunschweig', 'extend', [item?.leaseToken ?? ''], { leaseSeconds: 600 });
    const until = Date.parse(extended.succeeded[0]?.leaseExpiresAt ?? '');
    expect(until - clock.now().getTime()).toBeGreaterThan(595_000);
    expect(until - clock.now().getTime()).toBeLessThanOrEqual(600_000);
    // 40 s after the lease began, past its first end, the extended lease is still live.
    clock.advance(20_000);
    expect(await lease(t, 'braunschweig')).toEqual([]);
    expect((await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? ''])).succeeded).toHaveLength(1);
  });

  it('never extends a lease past 12 hours after it began, and refuses to extend one that reached the cap', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const begun = clock.now().getTime();
    const [item] = await lease(t, 'braunschweig', { leaseSeconds: 900 });
    const token = item?.leaseToken ?? '';
    let last = 0;
    // Keep extending by 900 s every 840 s of (test) time until the cap stops it.
    for (let round = 0; round < 60; round++) {
      clock.advance(840_000);
      const result = await settle(t, 'braunschweig', 'extend', [token], { leaseSeconds: 900 });
      if (result.failed.length > 0) {
        expect(result.failed).toMatchObject([{ status: 409 }]);
        break;
      }
      last = Date.parse(result.succeeded[0]?.leaseExpiresAt ?? '');
      expect(last - begun).toBeLessThanOrEqual(MAX_LEASE_SPAN_MS);
    }
    expect(MAX_LEASE_SPAN_MS - (last - begun)).toBeLessThan(2 * 60_000);
    expect(clock.now().getTime() - begun).toBeLessThan(MAX_LEASE_SPAN_MS + 900_000);
  });

  it('moves an item that failed five deliveries to the dead-letter queue, shows it, and redrives it with its workId', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    let workId: string | undefined;
    for (let delivery = 1; delivery <= 5; delivery++) {
      const [item] = await lease(t, 'braunschweig', { waitSeconds: 3 });
      expect(item).toMatchObject({ subject: { id: submitted.id }, deliveryCount: delivery });
      workId = item?.workId;
      await settle(t, 'braunschweig', 'release', [item?.leaseToken ?? '']);
    }
    // The sixth receive, once the released copy is visible again, moves it to the dead-letter queue.
    expect(await lease(t, 'braunschweig', { waitSeconds: 3 })).toEqual([]);
    const status = await t.call('admin', '/v1/admin/status');
    expect(status.status).toBe(200);
    expect(((await status.json()) as { centres: { braunschweig: { deadLettered: number } } }).centres.braunschweig.deadLettered).toBe(1);

    const redrive = await t.call('admin', '/v1/admin/redrive', { method: 'POST', body: JSON.stringify({ centre: 'braunschweig' }) });
    expect(await redrive.json()).toEqual({ centre: 'braunschweig', moved: 1 });
    const [back] = await lease(t, 'braunschweig');
    expect(back).toMatchObject({ workId, subject: { id: submitted.id } });
    await settle(t, 'braunschweig', 'ack', [back?.leaseToken ?? '']);
    const after = (await (await t.call('admin', '/v1/admin/status')).json()) as { centres: { braunschweig: Record<string, number> } };
    expect(after.centres.braunschweig).toMatchObject({ deadLettered: 0, queued: 0, leased: 0, oldestWaitingAgeSeconds: 0 });
  });

  it('drops a late copy of acknowledged work (a resend after the 5-minute deduplication window) instead of handing it out', async () => {
    await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    await settle(t, 'braunschweig', 'ack', [item?.leaseToken ?? '']);
    const message: WorkMessage = {
      workId: item?.workId ?? '',
      type: 'case.submitted',
      subject: { type: 'case', id: item?.subject.id ?? '' },
      centre: 'braunschweig',
      at: new Date().toISOString(),
    };
    const { QueueUrl } = await t.runtime.clients.sqs.send(
      new GetQueueUrlCommand({ QueueName: t.runtime.resources.queues.braunschweig.name }),
    );
    // Another deduplication id stands for a resend after the window: SQS takes it as a new message.
    await t.runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify(message),
        MessageGroupId: message.subject.id,
        MessageDeduplicationId: `${message.workId}-late`,
      }),
    );
    expect(await lease(t, 'braunschweig')).toEqual([]);
    const status = (await (await t.call('admin', '/v1/admin/status')).json()) as { centres: { braunschweig: Record<string, number> } };
    expect(status.centres.braunschweig).toMatchObject({ queued: 0, leased: 0 });
  });

  it('re-enqueues work that no queue holds any more (expired after the queue retention) in the reconciliation pass', async () => {
    const submitted = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const [item] = await lease(t, 'braunschweig');
    // The copy vanishes without an ack, as when it expires in the dead-letter queue after 14 days.
    await t.services.queue.delete('braunschweig', [await receiptOf(t, 'braunschweig', item?.leaseToken ?? '')]);
    expect(await t.services.operations.reconcile()).toBe(0); // too young: a copy may still exist
    clock.advance(14 * 24 * 3600 * 1000);
    expect(await t.services.operations.reconcile()).toBe(1);
    const [back] = await lease(t, 'braunschweig');
    expect(back).toMatchObject({ workId: item?.workId, subject: { id: submitted.id } });
    await settle(t, 'braunschweig', 'ack', [back?.leaseToken ?? '']);
    expect(await t.services.operations.reconcile()).toBe(0);
  });
});

describe('extendedLease (pure)', () => {
  it('caps a release delay at the same 12-hour window', () => {
    const start = '2026-11-29T00:00:00.000Z';
    expect(releaseDelay(start, new Date(Date.parse(start) + 60_000), 600)).toBe(600);
    expect(releaseDelay(start, new Date(Date.parse(start) + MAX_LEASE_SPAN_MS - 120_000), 43_200)).toBe(60);
    expect(releaseDelay(start, new Date(Date.parse(start) + MAX_LEASE_SPAN_MS), 30)).toBe(0);
  });

  it('caps the lease a minute before 12 hours after it began', () => {
    const start = '2026-11-29T00:00:00.000Z';
    const late = new Date(Date.parse(start) + MAX_LEASE_SPAN_MS - 5 * 60_000);
    expect(extendedLease(start, late, 900)?.expiresAt.toISOString()).toBe('2026-11-29T11:59:00.000Z');
    expect(extendedLease(start, new Date(Date.parse(start) + MAX_LEASE_SPAN_MS - 60_000), 900)).toBeUndefined();
    expect(extendedLease(start, new Date(Date.parse(start) + 60_000), 300)).toEqual({
      expiresAt: new Date(Date.parse(start) + 360_000),
      visibilitySeconds: 300,
    });
  });
});
