import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { chainHash } from '../../../functions/core/audit/chained-entry.ts';
import { auditEntries, sequence, verifyLog } from '../../support/audit.ts';
import { created, minimalCase } from '../../support/requests.ts';
import { createTestApp, type TestApp } from '../../support/runtime.ts';

/** The key of chained entry `seq` in the audit table (CHAIN#<block>/<seq>, 10,000 per block). */
const chainKey = (seq: number) => ({
  pk: `CHAIN#${String(Math.floor((seq - 1) / 10_000)).padStart(6, '0')}`,
  sk: String(seq).padStart(12, '0'),
});

/**
 * Tampering with the table directly, as someone with write access to DynamoDB could: every change
 * must make the verification fail and name the first entry that cannot be vouched for.
 */
describe('tampering with the exchange log in DynamoDB', () => {
  let t: TestApp;
  const read = async (seq: number) => {
    const { Item } = await t.runtime.clients.doc.send(new GetCommand({ TableName: table(), Key: chainKey(seq), ConsistentRead: true }));
    if (!Item) throw new Error(`no entry ${seq}`);
    return Item;
  };
  const write = (item: Record<string, unknown>) => t.runtime.clients.doc.send(new PutCommand({ TableName: table(), Item: item }));
  const table = () => t.runtime.resources.tables.audit.name;

  beforeEach(async () => {
    // A fresh log per test: six intakes, chained, with a signed checkpoint of the head.
    t = await createTestApp();
    for (let i = 0; i < 6; i++) await created(t, 'abh-03101', '/v1/cases', minimalCase());
    await sequence(t);
    expect(await verifyLog(t)).toMatchObject({ ok: true, firstBrokenSeq: null });
    return () => t.close();
  });

  it('detects an edited entry and names it', async () => {
    const entry = await read(7);
    await write({ ...entry, outcome: entry.outcome === 'success' ? 'denied' : 'success' });
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: 7, problem: 'hash-mismatch', checked: 6 });
  });

  it('detects a deleted entry and names it', async () => {
    await t.runtime.clients.doc.send(new DeleteCommand({ TableName: table(), Key: chainKey(5) }));
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: 5, problem: 'sequence-mismatch', checked: 4 });
  });

  it('detects reordered entries and names the first', async () => {
    const [a, b] = [await read(9), await read(10)];
    // Swap their places: each entry's content under the other's key.
    await write({ ...b, pk: a.pk, sk: a.sk });
    await write({ ...a, pk: b.pk, sk: b.sk });
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: 9, checked: 8 });
  });

  it('detects a chain recomputed after an edit by its signed checkpoint', async () => {
    const last = (await verifyLog(t)).headSeq;
    // Rewrite entry 3 and every hash after it, and the head, as an insider with table access could.
    let prevHash = String((await read(2)).hash);
    for (let seq = 3; seq <= last; seq++) {
      const item = await read(seq);
      const changed = { ...item, prevHash, ...(seq === 3 ? { action: 'cases.read' } : {}) };
      const hash = chainHash(changed as never);
      await write({ ...changed, hash });
      prevHash = hash;
    }
    await write({ pk: 'HEAD', sk: 'HEAD', seq: last, hash: prevHash });
    // Consistent in itself, but not with what the sequencer signed.
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: 1, problem: 'checkpoint-mismatch' });
  });

  it('detects a cut-off tail by the head', async () => {
    const { headSeq } = await verifyLog(t);
    await t.runtime.clients.doc.send(new DeleteCommand({ TableName: table(), Key: chainKey(headSeq) }));
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: headSeq, problem: 'truncated' });
  });

  it('detects a checkpoint that the sequencer did not sign', async () => {
    const hash = String((await read(2)).hash);
    const forged = { pk: 'CHECKPOINT', sk: String(2).padStart(12, '0'), seq: 2, hash, at: new Date().toISOString() };
    await write({ ...forged, jws: 'eyJhbGciOiJFUzI1NiJ9.eyJzZXEiOjJ9.AAAA' });
    expect(await verifyLog(t)).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: 'invalid-checkpoint' });
  });

  it('still lists what it cannot vouch for, so an administrator can see the damage', async () => {
    await t.runtime.clients.doc.send(new DeleteCommand({ TableName: table(), Key: chainKey(2) }));
    const seqs = (await auditEntries(t)).map((e) => e.seq);
    expect(seqs).not.toContain(2);
    expect(seqs).toContain(3);
  });
});
