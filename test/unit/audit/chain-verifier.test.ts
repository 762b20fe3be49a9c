import { describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../../functions/core/audit/chain-verifier.ts';
import { type ChainedEntry, chainHash, GENESIS_HASH, linkEntries } from '../../../functions/core/audit/chained-entry.ts';
import type { ExchangeLogEntry } from '../../../functions/core/ports/exchange-log.ts';

const entry = (n: number): ExchangeLogEntry => ({
  id: `e${n}`,
  at: `2026-11-20T10:00:${String(n).padStart(2, '0')}.000Z`,
  action: 'cases.read',
  subject: { type: 'case', id: `c${n}` },
  outcome: 'success',
  requestId: `r${n}`,
  actor: { clientId: 'abh-03101', role: 'municipality', organisation: '03101' },
});
const chainOf = (n: number) =>
  linkEntries(
    Array.from({ length: n }, (_, i) => entry(i + 1)),
    undefined,
    '2026-11-20T10:01:00.000Z',
  );
const headOf = (chain: ChainedEntry[]) => ({ seq: chain.length, hash: chain.at(-1)?.hash ?? GENESIS_HASH });

function verify(chain: ChainedEntry[], head = headOf(chain), checkpoints: { seq: number; hash: string }[] = []) {
  const verifier = new ChainVerifier(checkpoints);
  for (const e of chain) if (!verifier.next(e)) break;
  return verifier.finish(head);
}

describe('the hash chain', () => {
  it('links each entry to its predecessor, starting from the genesis hash', () => {
    const chain = chainOf(3);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(chain[0]?.prevHash).toBe(GENESIS_HASH);
    expect(chain[1]?.prevHash).toBe(chain[0]?.hash);
    expect(chain.every((e) => chainHash(e) === e.hash)).toBe(true);
  });

  it('continues after a head with the next number and the head\u2019s hash', () => {
    const first = chainOf(2);
    const [next] = linkEntries([entry(3)], headOf(first), '2026-11-20T10:02:00.000Z');
    expect(next).toMatchObject({ seq: 3, prevHash: first[1]?.hash });
    expect(verify([...first, next as ChainedEntry])).toMatchObject({ ok: true, checked: 3 });
  });

  it('hashes the content only: storage attributes of an item do not count, every entry field does', () => {
    const [e] = chainOf(1);
    if (!e) throw new Error('no entry');
    expect(chainHash({ ...e, pk: 'CHAIN#000000', dayPk: 'DAY#x' } as ChainedEntry)).toBe(e.hash);
    for (const change of [
      { outcome: 'denied' },
      { at: '2026-11-20T10:00:02.000Z' },
      { seq: 2 },
      { sequencedAt: 'x' },
      { details: { a: 1 } },
    ]) {
      expect(chainHash({ ...e, ...change } as ChainedEntry), JSON.stringify(change)).not.toBe(e.hash);
    }
  });

  it('verifies an intact chain and an empty log', () => {
    expect(verify(chainOf(5))).toEqual({ ok: true, checked: 5, firstBrokenSeq: null, problem: null, headSeq: 5, checkpointsMatched: 0 });
    expect(verify([], undefined as never)).toMatchObject({ ok: true, checked: 0, headSeq: 0 });
  });

  it('names an edited entry', () => {
    const chain = chainOf(5);
    chain[2] = { ...(chain[2] as ChainedEntry), action: 'cases.create' };
    expect(verify(chain)).toMatchObject({ ok: false, firstBrokenSeq: 3, problem: 'hash-mismatch', checked: 2 });
  });

  it('names a deleted entry', () => {
    const chain = chainOf(5);
    chain.splice(1, 1);
    expect(verify(chain, headOf(chainOf(5)))).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: 'sequence-mismatch', checked: 1 });
  });

  it('names reordered entries, also when their numbers were swapped with them', () => {
    const chain = chainOf(5);
    const [a, b] = [chain[1] as ChainedEntry, chain[2] as ChainedEntry];
    expect(verify([chain[0] as ChainedEntry, b, a, ...chain.slice(3)])).toMatchObject({ ok: false, firstBrokenSeq: 2 });
    const renumbered = [chain[0] as ChainedEntry, { ...b, seq: 2 }, { ...a, seq: 3 }, ...chain.slice(3)];
    expect(verify(renumbered)).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: 'hash-mismatch' });
    const rehashed = renumbered.map((e) => ({ ...e, hash: chainHash(e) }));
    // Rehashed as well: the entry now at 2 still names its old predecessor's hash, not entry 1's.
    expect(verify(rehashed)).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: 'broken-link' });
  });

  it('catches a recomputed chain by a signed checkpoint, from the last checkpoint that still matched', () => {
    const original = chainOf(6);
    const checkpoints = [
      { seq: 2, hash: original[1]?.hash as string },
      { seq: 5, hash: original[4]?.hash as string },
    ];
    const forged = linkEntries(
      [...original.slice(0, 3), { ...entry(4), action: 'cases.create' }, ...original.slice(4)],
      undefined,
      original[0]?.sequencedAt as string,
    );
    expect(verify(forged, headOf(forged))).toMatchObject({ ok: true });
    expect(verify(forged, headOf(forged), checkpoints)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      problem: 'checkpoint-mismatch',
      checked: 2,
    });
    expect(verify(original, headOf(original), checkpoints)).toMatchObject({ ok: true, checkpointsMatched: 2 });
  });

  it('catches a cut-off tail by the head or a checkpoint beyond the end, and entries beyond the head', () => {
    const chain = chainOf(5);
    expect(verify(chain.slice(0, 4), headOf(chain))).toMatchObject({ ok: false, firstBrokenSeq: 5, problem: 'truncated' });
    expect(verify(chain.slice(0, 4), headOf(chain.slice(0, 4)), [{ seq: 5, hash: chain[4]?.hash as string }])).toMatchObject({
      ok: false,
      firstBrokenSeq: 5,
      problem: 'truncated',
    });
    expect(verify(chain, headOf(chain.slice(0, 4)))).toMatchObject({ ok: false, firstBrokenSeq: 5, problem: 'head-mismatch' });
  });

  it('reports a checkpoint that failed its signature check', () => {
    const verifier = new ChainVerifier([]);
    const chain = chainOf(3);
    for (const e of chain) verifier.next(e);
    verifier.invalidCheckpoint(2);
    expect(verifier.finish(headOf(chain))).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: 'invalid-checkpoint' });
  });
});
