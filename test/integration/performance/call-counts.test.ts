import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsCallCounter, countAwsCalls } from '../../support/aws-calls.ts';
import { minimalCase, submit } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';
import { lease, settle } from '../../support/work.ts';

describe('storage calls per operation (the happy path)', () => {
  let t: TestApp;
  let calls: AwsCallCounter;
  beforeAll(async () => {
    t = await createTestApp();
    calls = countAwsCalls(t.runtime.clients);
  });
  afterAll(() => t.close());

  it('counts', async () => {
    await submit(t, 'abh-03101', '/v1/cases', minimalCase()); // warm-up: queue URLs are cached after the first use
    await lease(t, 'braunschweig', { max: 1 }).then((items) => settle(t, 'braunschweig', 'ack', items.map((i) => i.leaseToken)));
    calls.reset();
    expect((await submit(t, 'abh-03101', '/v1/cases', minimalCase())).status).toBe(201);
    console.log('submit', calls.counts());
    calls.reset();
    const items = await lease(t, 'braunschweig', { max: 1 });
    console.log('lease', calls.counts());
    calls.reset();
    await settle(t, 'braunschweig', 'ack', items.map((i) => i.leaseToken));
    console.log('ack', calls.counts());
  });
});
