import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SequencerRunResult } from '../../functions/entry/sequencer-run.ts';
import { minimalCase } from '../support/requests.ts';
import { createTestApp, type TestApp } from '../support/runtime.ts';
import { recordAwsCalls } from './aws-call-recorder.ts';
import { BUNDLING_TIMEOUT_MS, type Bundled, bundled, type Handler, httpEvent } from './bundled.ts';
import { roleCheck } from './function-calls.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

/** The bundled sequencer, as deployed, on the schedule's event, against the local stores and with KMS out of reach. */
describe('the bundled sequencer function', () => {
  let t: TestApp;
  let b: Bundled;
  const recorder = recordAwsCalls();
  let requests: Handler;
  let sequencer: () => Promise<SequencerRunResult>;
  const submit = async () => {
    const headers = {
      authorization: `Bearer ${await t.token('abh-03101')}`,
      'content-type': 'application/json',
      'idempotency-key': crypto.randomUUID(),
    };
    const created = await requests(httpEvent('POST', '/v1/cases', headers, JSON.stringify(minimalCase())), {});
    expect(created.statusCode).toBe(201);
    return (JSON.parse(created.body) as { id: string }).id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    // No KMS here: a closed port, so signing a checkpoint fails at once.
    process.env.AWS_ENDPOINT_URL_KMS = 'http://127.0.0.1:9';
    b = await bundled(t, ['requests', 'sequencer'], { current: key(7) }, { recorder });
    requests = b.handlers.requests as Handler;
    sequencer = b.handlers.sequencer as unknown as () => Promise<SequencerRunResult>;
  }, BUNDLING_TIMEOUT_MS);
  afterAll(async () => {
    recorder.stop();
    delete process.env.AWS_ENDPOINT_URL_KMS;
    await b?.close();
    await t?.close();
  });

  it('chains what the API wrote, verifies it, and keeps it chained when KMS cannot sign', async () => {
    const id = await submit();
    const result = await sequencer();
    expect(result.sequenced).toBeGreaterThanOrEqual(3);
    expect(result.verification).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(result.checkpointSeq).toBeUndefined();
    const history = (await t.services.audit.search({ subject: id }, 10)).entries.map((e) => e.action);
    expect(history).toEqual(expect.arrayContaining(['cases.create', 'cases.route']));
  });

  it('reports an edited entry of the chain it verifies, and signs nothing over it', async () => {
    await submit();
    const first = await sequencer();
    const headSeq = first.verification?.headSeq ?? 0;
    const table = t.runtime.resources.tables.audit.name;
    const key = { pk: 'CHAIN#000000', sk: String(headSeq).padStart(12, '0') };
    const { Item } = await t.runtime.clients.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    await t.runtime.clients.doc.send(new PutCommand({ TableName: table, Item: { ...Item, outcome: 'tampered' } }));
    const result = await sequencer();
    expect(result.verification).toMatchObject({ ok: false, firstBrokenSeq: headSeq, problem: 'hash-mismatch' });
    expect(result.checkpointSeq).toBeUndefined();
  });

  it('makes only AWS calls that its role in the synthesised stack allows, in every test above', () => {
    expect(recorder.calls().length).toBeGreaterThan(0);
    const check = roleCheck(t);
    expect(check.denied(check.requestsOf(recorder))).toEqual([]);
  });
});
