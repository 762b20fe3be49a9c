import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsCallCounter, countAwsCalls } from '../../support/aws-calls.ts';
import { fullCase } from '../../support/fixtures.ts';
import { submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, settle } from '../../support/work.ts';

/**
 * What each happy-path operation costs in storage round trips (issue 12): pinned, so that a change
 * that adds a call shows up here and in `npm run bench` before it shows up in the bills.
 */
describe('storage calls per operation (the happy path)', () => {
  let t: TestApp;
  let calls: AwsCallCounter;
  const newCase = () => submit(t, 'abh-03101', '/v1/cases', fullCase({ municipalReference: `CALLS-${crypto.randomUUID()}` }));
  beforeAll(async () => {
    t = await createTestApp();
    calls = countAwsCalls(t.runtime.clients);
    // Queue URLs are looked up once per process: warm them, as a running server has.
    expect((await newCase()).status).toBe(201);
    const items = await lease(t, 'braunschweig', { max: 1 });
    await settle(
      t,
      'braunschweig',
      'ack',
      items.map((i) => i.leaseToken),
    );
  });
  afterAll(() => t.close());

  it("submits a case in three: one transaction that holds the idempotency record, one send, one write that removes the outbox entry with the send's log entry", async () => {
    calls.reset();
    expect((await newCase()).status).toBe(201);
    expect(calls.counts()).toEqual({ TransactWriteItems: 2, SendMessage: 1 });
  });

  it('answers a replay with one cancelled transaction and one read of the resource', async () => {
    const key = crypto.randomUUID();
    const body = fullCase({ municipalReference: `CALLS-${crypto.randomUUID()}` });
    expect((await submit(t, 'abh-03101', '/v1/cases', body, key)).status).toBe(201);
    calls.reset();
    const replay = await submit(t, 'abh-03101', '/v1/cases', body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    // The cancellation carries the idempotency record: no read of it; the log entry of the replay is a put.
    expect(calls.counts()).toEqual({ TransactWriteItems: 1, Query: 1, PutItem: 1 });
  });

  it('leases and acks one item in as few calls as the ledger allows', async () => {
    expect((await newCase()).status).toBe(201);
    calls.reset();
    const items = await lease(t, 'braunschweig', { max: 1 });
    expect(items).toHaveLength(1);
    // The receive, the ledger's conditional write, the resource read, the log entry.
    expect(calls.counts()).toEqual({ ReceiveMessage: 1, UpdateItem: 1, Query: 1, PutItem: 1 });
    calls.reset();
    const settled = await settle(
      t,
      'braunschweig',
      'ack',
      items.map((i) => i.leaseToken),
    );
    expect(settled.succeeded).toHaveLength(1);
    // The delivery (request read, feed head, the lifecycle transaction), the ledger's conditional write,
    // the batch delete, the log entry.
    expect(calls.counts()).toEqual({ Query: 1, GetItem: 1, TransactWriteItems: 1, UpdateItem: 1, DeleteMessageBatch: 1, PutItem: 1 });
  });

  it('lists a page in one query', async () => {
    calls.reset();
    const response = await t.call('abh-03101', '/v1/cases?limit=25');
    expect(response.status).toBe(200);
    expect(calls.counts()).toEqual({ Query: 1 });
  });
});
