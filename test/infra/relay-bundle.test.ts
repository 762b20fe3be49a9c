import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectSqsOutage } from '../support/faults.ts';
import { drainQueue, minimalCase, submit } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { recordAwsCalls } from './aws-call-recorder.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled } from './bundled.ts';
import { roleCheck } from './function-calls.ts';

/** The relay's grace for the direct send in these tests (bundled.ts sets `RELAY_STREAM_GRACE_MS`), ms. */
const GRACE_MS = 2000;

type RelayHandler = (event: unknown) => Promise<{ sent: number; failed: number; requeued: number }>;

/** A DynamoDB stream record of an inserted item (the stack's stream carries keys only), committed `ageMs` ago. */
function inserted(keys: { pk: string; sk: string }, ageMs: number) {
  return {
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: keys.pk }, sk: { S: keys.sk } },
      ApproximateCreationDateTime: Math.floor((Date.now() - ageMs) / 1000),
      StreamViewType: 'KEYS_ONLY',
    },
  };
}

/** The bundled relay, on both of its triggers, against the local stores. */
describe('the bundled relay function', () => {
  let t: TestApp;
  let b: Bundled;
  const recorder = recordAwsCalls();
  let relay: RelayHandler;

  beforeAll(async () => {
    t = await createTestApp();
    b = await bundled(t, ['relay'], { current: Buffer.alloc(32, 3).toString('base64') }, { recorder });
    relay = b.handlers.relay as unknown as RelayHandler;
  }, BUNDLING_TIMEOUT_MS);
  afterAll(async () => {
    recorder.stop();
    await b?.close();
    await t?.close();
  });

  async function acceptedWhileQueueIsDown(): Promise<{ id: string; outboxKey: { pk: string; sk: string } }> {
    const outage = injectSqsOutage(t);
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase());
    outage.down = false;
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const { Items = [] } = await t.runtime.clients.doc.send(
      new QueryCommand({
        TableName: t.runtime.resources.tables.data.name,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
        ExpressionAttributeValues: { ':pk': `REQ#${id}`, ':outbox': 'OUTBOX#' },
      }),
    );
    expect(Items).toHaveLength(1); // the failed direct send left its entry pending
    return { id, outboxKey: { pk: String(Items[0]?.pk), sk: String(Items[0]?.sk) } };
  }

  it('sends the work of a failed direct send when the stream reports its outbox entry', async () => {
    const { id, outboxKey } = await acceptedWhileQueueIsDown();
    const result = await relay({ Records: [inserted(outboxKey, 5000)] });
    expect(result).toEqual({ sent: 1, failed: 0, requeued: 0 });
    expect((await drainQueue(t, 'braunschweig')).map((m) => [m.subject.id, m.type])).toEqual([[id, 'case.submitted']]);
  });

  it('sends nothing twice: an entry the direct send delivered is gone when the stream reports it', async () => {
    const response = await submit(t, 'abh-03101', '/v1/cases', minimalCase());
    const { id } = (await response.json()) as { id: string };
    const result = await relay({ Records: [inserted({ pk: `REQ#${id}`, sk: 'OUTBOX#0000000001#w' }, 5000)] });
    expect(result.sent).toBe(0);
    expect(await drainQueue(t, 'braunschweig')).toHaveLength(1);
  });

  it('ignores stream records that are not outbox inserts; the schedule sends their entry after the grace', async () => {
    const { id } = await acceptedWhileQueueIsDown();
    const result = await relay({ Records: [inserted({ pk: `REQ#${id}`, sk: 'META' }, 5000)] });
    expect(result.sent).toBe(0);
    // The scheduled pass, the safety net, sends it once the entry is older than the grace (2 s in these
    // tests), which leaves an entry committed just now to its direct send.
    const scheduled = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
    expect((await relay(scheduled)).sent).toBe(0);
    await sleep(GRACE_MS);
    expect((await relay(scheduled)).sent).toBe(1);
    expect((await drainQueue(t, 'braunschweig')).map((m) => m.subject.id)).toEqual([id]);
  });

  it('needs no key ring: it never reads the secret', () => {
    expect(b.secrets.reads()).toBe(0);
  });

  it('makes only AWS calls that its role in the synthesised stack allows, in every test above', () => {
    expect(recorder.calls().length).toBeGreaterThan(0);
    const check = roleCheck(t);
    expect(check.denied(check.requestsOf(recorder))).toEqual([]);
  });
});
