import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHARDS, shardOf } from '../../functions/adapters/shards.ts';
import type { LeaseClaims } from '../../functions/core/ports/lease-tokens.ts';
import { JweLeaseTokens } from '../../functions/http/lease-tokens.ts';

const keys = () => ({ braunschweig: new Uint8Array(randomBytes(32)), osnabrueck: new Uint8Array(randomBytes(32)) });
const claims: LeaseClaims = {
  centre: 'braunschweig',
  workId: 'w-1',
  type: 'case.submitted',
  subject: { type: 'case', id: 'c-1' },
  leaseId: 'l-1',
  receipt: 'AQEB-receipt-handle',
  startedAt: '2026-11-29T08:00:00.000Z',
};

describe('lease tokens', () => {
  it('open to the claims they were sealed with, for their centre', async () => {
    const tokens = new JweLeaseTokens(keys());
    expect(await tokens.open(await tokens.seal(claims), 'braunschweig')).toEqual(claims);
  });

  it('do not open for the other centre, and do not show the receipt handle or the workId', async () => {
    const tokens = new JweLeaseTokens(keys());
    const token = await tokens.seal(claims);
    expect(await tokens.open(token, 'osnabrueck')).toBeUndefined();
    const visible = token
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ');
    expect(visible).not.toContain(claims.receipt);
    expect(visible).not.toContain(claims.workId);
  });

  it('do not open under another server key (a token of another deployment or before a key change)', async () => {
    const token = await new JweLeaseTokens(keys()).seal(claims);
    expect(await new JweLeaseTokens(keys()).open(token, 'braunschweig')).toBeUndefined();
  });

  it('refuse any change of a character', async () => {
    const tokens = new JweLeaseTokens(keys());
    const token = await tokens.seal(claims);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
        async (at, char) => {
          fc.pre(token[at] !== char);
          const tampered = token.slice(0, at) + char + token.slice(at + 1);
          const opened = await tokens.open(tampered, 'braunschweig');
          // Base64url's last character may carry unused bits: a change there can decode to the same bytes.
          if (opened) expect(opened).toEqual(claims);
          else expect(opened).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('need a 32-byte key per centre', () => {
    expect(() => new JweLeaseTokens({ braunschweig: new Uint8Array(16), osnabrueck: new Uint8Array(32) })).toThrow(/braunschweig/);
  });
});

describe('write shards', () => {
  it('put every id in a shard within range, spread over all shards', () => {
    fc.assert(fc.property(fc.uuid(), (id) => Number.isInteger(shardOf(id)) && shardOf(id) >= 0 && shardOf(id) < SHARDS));
    const counts = new Array(SHARDS).fill(0);
    for (let i = 0; i < 4000; i++) counts[shardOf(crypto.randomUUID())]++;
    for (const count of counts) expect(count).toBeGreaterThan(4000 / SHARDS / 2);
  });
});
