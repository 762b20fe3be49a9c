import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPowertoolsMetrics } from '../../../functions/adapters/powertools-metrics.ts';
import { chainHash } from '../../../functions/core/audit/chained-entry.ts';
import type { CounterName, Metrics } from '../../../functions/core/ports/metrics.ts';
import { sequencerRun } from '../../../functions/entry/sequencer-run.ts';
import { EXCHANGE_LOG_VERIFICATION_FAILURES } from '../../../infra/constructs/alarms.ts';
import { sequence, verifyLog } from '../../support/audit.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** The key of chained entry `seq` in the audit table (CHAIN#<block>/<seq>, 10,000 per block). */
const chainKey = (seq: number) => ({
  pk: `CHAIN#${String(Math.floor((seq - 1) / 10_000)).padStart(6, '0')}`,
  sk: String(seq).padStart(12, '0'),
});

/** Counters as the sequencer's function reports them, kept per name. */
function recordingMetrics() {
  const counted: Partial<Record<CounterName, number[]>> = {};
  const metrics: Metrics = {
    count: (name, value = 1) => {
      counted[name] = [...(counted[name] ?? []), value];
    },
    gauge: () => undefined,
  };
  return { metrics, counted };
}

/**
 * The sequencer's own check (its Lambda function, every minute): before it signs a checkpoint it
 * verifies the tail from the latest signed checkpoint to the head, and reports a failure in the metric
 * that the "exchange log verification failing" alarm watches.
 */
describe('the sequencer verifies the tail of the exchange log before each checkpoint', () => {
  let t: TestApp;
  const table = () => t.runtime.resources.tables.audit.name;
  const read = async (seq: number) => {
    const { Item } = await t.runtime.clients.doc.send(new GetCommand({ TableName: table(), Key: chainKey(seq), ConsistentRead: true }));
    if (!Item) throw new Error(`no entry ${seq}`);
    return Item;
  };
  const write = (item: Record<string, unknown>) => t.runtime.clients.doc.send(new PutCommand({ TableName: table(), Item: item }));
  // The sequencer signs at most one checkpoint a minute: each run here comes two minutes after the last.
  let skewMs = 0;
  const run = (metrics: Metrics) => {
    skewMs += 120_000;
    return sequencerRun({ sequencer: t.services.sequencer, metrics, logger: t.runtime.logger });
  };

  beforeEach(async () => {
    // Three intakes chained under a signed checkpoint, then three more written but not yet chained.
    skewMs = 0;
    t = await createTestApp({ clock: () => new Date(Date.now() + skewMs) });
    for (let i = 0; i < 3; i++) await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await sequence(t);
    for (let i = 0; i < 3; i++) await created(t, 'abh-03101', '/v1/cases', minimalCase());
    return () => t.close();
  });

  it('chains, verifies and signs a checkpoint of the new head, reporting no failure', async () => {
    const { metrics, counted } = recordingMetrics();
    const result = await run(metrics);
    expect(result.sequenced).toBeGreaterThan(0);
    expect(result.verification).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(result.checkpointSeq).toBe(result.verification?.headSeq);
    expect(counted.ExchangeLogVerificationFailures).toEqual([0]);
  });

  it('reports an entry edited after the last checkpoint, and signs no checkpoint over it', async () => {
    // Chained, not yet under a checkpoint: the entries a tamperer would most like to change.
    await t.services.sequencer.pass({ checkpoint: 'never' });
    const { headSeq } = await verifyLog(t);
    const entry = await read(headSeq - 1);
    await write({ ...entry, outcome: entry.outcome === 'success' ? 'denied' : 'success' });
    const { metrics, counted } = recordingMetrics();
    const result = await run(metrics);
    expect(result.verification).toMatchObject({ ok: false, problem: 'hash-mismatch', firstBrokenSeq: headSeq - 1 });
    expect(result.checkpointSeq).toBeUndefined();
    expect(counted.ExchangeLogVerificationFailures).toEqual([1]);
  });

  it('reports a tail recomputed after an edit of the checkpointed entry, by the signature', async () => {
    const result = await run(recordingMetrics().metrics);
    const checkpointSeq = result.checkpointSeq as number;
    // Rewrite the checkpointed entry and its hash, as an insider with table access could; the head follows.
    const entry = await read(checkpointSeq);
    const changed = { ...entry, action: 'cases.read' };
    const hash = chainHash(changed as never);
    await write({ ...changed, hash });
    await write({ pk: 'HEAD', sk: 'HEAD', seq: checkpointSeq, hash, at: entry.sequencedAt });
    const { metrics, counted } = recordingMetrics();
    expect((await run(metrics)).verification).toMatchObject({ ok: false, problem: 'checkpoint-mismatch', firstBrokenSeq: checkpointSeq });
    expect(counted.ExchangeLogVerificationFailures).toEqual([1]);
  });

  it('reports a checkpoint that the sequencer did not sign', async () => {
    await run(recordingMetrics().metrics);
    const { headSeq } = await verifyLog(t);
    const head = await read(headSeq);
    // A later "checkpoint" than the real one, written into the table without the signing key.
    await write({
      pk: 'CHECKPOINT',
      sk: String(headSeq + 1).padStart(12, '0'),
      seq: headSeq + 1,
      hash: head.hash,
      at: new Date().toISOString(),
      jws: 'eyJhbGciOiJFUzI1NiJ9.eyJzZXEiOjJ9.AAAA',
    });
    const { metrics, counted } = recordingMetrics();
    expect((await run(metrics)).verification).toMatchObject({ ok: false, problem: 'invalid-checkpoint' });
    expect(counted.ExchangeLogVerificationFailures).toEqual([1]);
  });

  describe('on Lambda (Powertools, embedded metric format)', () => {
    afterEach(() => vi.restoreAllMocks());

    it('writes the failure as the metric the alarm watches, in its namespace and service', async () => {
      await run(recordingMetrics().metrics);
      const entry = await read((await verifyLog(t)).headSeq);
      await write({ ...entry, outcome: 'tampered' });
      const lines: string[] = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
      const metrics = createPowertoolsMetrics('rueckkehr-test');
      await run(metrics);
      metrics.flush();
      vi.restoreAllMocks();
      const emf = lines
        .filter((line) => line.includes('_aws'))
        .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string }[] } });
      const failure = emf.find((e) => EXCHANGE_LOG_VERIFICATION_FAILURES in e);
      expect(failure?._aws.CloudWatchMetrics[0]?.Namespace).toBe('RueckkehrExchange');
      expect(failure).toMatchObject({ service: 'rueckkehr-test', [EXCHANGE_LOG_VERIFICATION_FAILURES]: 1 });
    });
  });
});
