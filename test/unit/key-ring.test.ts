import { describe, expect, it } from 'vitest';
import { matchesStoredHash } from '../../functions/core/payload-hash.ts';
import { parseKeyRing, payloadHashers } from '../../functions/entry/key-ring.ts';
import { CursorSealer } from '../../functions/http/cursor.ts';
import { JweLeaseTokens } from '../../functions/http/lease-tokens.ts';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const binding = { clientId: 'abh-03101', query: 'limit=1' };
const sealerOf = (ring: ReturnType<typeof parseKeyRing>) =>
  new CursorSealer(
    ring.current.cursor,
    ring.previous.map((k) => k.cursor),
  );

describe('the key ring', () => {
  it('refuses a secret that is not a key ring, naming the field but never its value', () => {
    const secret = 'c2hvcnQ=';
    expect(() => parseKeyRing({ current: secret })).toThrow(/current: must be at least 32 bytes/);
    try {
      parseKeyRing({ current: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
    expect(() => parseKeyRing({ previous: key(1) })).toThrow(/current/);
    expect(() => parseKeyRing({ current: key(1), older: key(2) })).toThrow(/Invalid key ring secret/);
    expect(() => parseKeyRing('not json')).toThrow(/Invalid key ring secret/);
  });

  it('accepts the value Secrets Manager generates: 64 letters and digits under "current"', () => {
    const generated = 'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3v';
    expect(generated).toHaveLength(64);
    expect(parseKeyRing({ current: generated }).previous).toEqual([]);
  });

  it('opens after a rotation what the previous key sealed, and seals only with the current key', async () => {
    const before = parseKeyRing({ current: key(1) });
    const after = parseKeyRing({ current: key(2), previous: key(1) });
    const cursor = await sealerOf(before).seal({ at: 5 }, binding);
    expect(await sealerOf(after).open(cursor, binding)).toEqual({ at: 5 });
    const newer = await sealerOf(after).seal({ at: 6 }, binding);
    await expect(sealerOf(before).open(newer, binding)).rejects.toThrow(/not one this API issued/);
    // Two rotations later the oldest key is gone, and so is what it sealed.
    await expect(sealerOf(parseKeyRing({ current: key(3), previous: key(2) })).open(cursor, binding)).rejects.toThrow();
  });

  it('lets an instance that holds the staged next key open what a newer instance sealed with it', async () => {
    const staged = parseKeyRing({ current: key(1), next: key(2) });
    const promoted = parseKeyRing({ current: key(2), previous: key(1) });
    const cursor = await sealerOf(promoted).seal({ at: 1 }, binding);
    expect(await sealerOf(staged).open(cursor, binding)).toEqual({ at: 1 });
    const tokens = (ring: typeof staged) =>
      new JweLeaseTokens(
        ring.current.leaseToken,
        ring.previous.map((k) => k.leaseToken),
      );
    const claims = {
      centre: 'braunschweig' as const,
      workId: crypto.randomUUID(),
      type: 'case.submitted' as const,
      subject: { type: 'case' as const, id: crypto.randomUUID() },
      leaseId: 'l',
      receipt: 'r',
      startedAt: new Date().toISOString(),
    };
    expect(await tokens(staged).open(await tokens(promoted).seal(claims), 'braunschweig')).toMatchObject({ workId: claims.workId });
  });

  it('matches a body hash stored under the previous key, and no other body', () => {
    const before = payloadHashers(parseKeyRing({ current: key(1) }));
    const after = payloadHashers(parseKeyRing({ current: key(2), previous: key(1) }));
    const stored = before.hashPayload('{"a":1}');
    expect(after.hashPayload('{"a":1}')).not.toBe(stored);
    expect(matchesStoredHash(stored, after.hashPayload('{"a":1}'), '{"a":1}', after.previousPayloadHashes)).toBe(true);
    expect(matchesStoredHash(stored, after.hashPayload('{"a":2}'), '{"a":2}', after.previousPayloadHashes)).toBe(false);
  });
});
