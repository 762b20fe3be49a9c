import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntries, sequence, verifyLog } from '../../support/audit.ts';
import { created, minimalCase, scanTable } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

describe('the exchange log sequencer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('chains the entries of an intake into a gap-free sequence that verifies', async () => {
    const resource = await created(t, 'abh-03101', '/v1/cases', minimalCase());
    const result = await sequence(t);
    expect(result.sequenced).toBeGreaterThanOrEqual(3);
    const history = await auditEntries(t, { subject: resource.id });
    expect(history.map((e) => e.action).sort()).toEqual(['cases.create', 'cases.route', 'work.send']);
    const all = (await auditEntries(t)).sort((a, b) => a.seq - b.seq);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    for (const [i, entry] of all.entries()) expect(entry.prevHash).toBe(i === 0 ? '0'.repeat(64) : all[i - 1]?.hash);
    expect(await verifyLog(t)).toMatchObject({
      ok: true,
      checked: all.length,
      firstBrokenSeq: null,
      headSeq: all.length,
      checkpointsMatched: 1,
    });
  });

  it('neither breaks nor forks the chain under 100 concurrent submissions and two sequencers at once', async () => {
    const racing = { stop: false };
    const sequencerLoop = async () => {
      while (!racing.stop) await t.services.sequencer.pass({ checkpoint: 'never' });
    };
    const loops = [sequencerLoop(), sequencerLoop()];
    const submissions = await Promise.all(Array.from({ length: 100 }, () => created(t, 'abh-03101', '/v1/cases', minimalCase())));
    racing.stop = true;
    await Promise.all(loops);
    await sequence(t);

    const items = await scanTable(t, 'audit');
    expect(items.filter((i) => String(i.pk).startsWith('INBOX#'))).toEqual([]);
    const chained = items.filter((i) => String(i.pk).startsWith('CHAIN#'));
    const ids = chained.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    const seqs = chained.map((i) => Number(i.seq)).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    for (const { id } of submissions) {
      expect(chained.filter((i) => (i.subject as { id?: string } | undefined)?.id === id && i.action === 'cases.create')).toHaveLength(1);
    }
    expect(await verifyLog(t)).toMatchObject({ ok: true, checked: seqs.length, headSeq: seqs.length });
  }, 120_000);
});
